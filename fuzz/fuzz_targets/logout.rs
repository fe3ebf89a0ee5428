//! Fuzz target `logout`: see `saml_edge_fuzz::logout` (fuzz/src/lib.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::logout(data);
});
