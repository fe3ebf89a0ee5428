//! Fuzz target `rsa_pkcs1`: see `saml_edge_fuzz::rsa_pkcs1` (fuzz/src/lib.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::rsa_pkcs1(data);
});
