//! Fuzz target `decrypt`: see `saml_edge_fuzz::decrypt` (fuzz/src/lib.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::decrypt(data);
});
