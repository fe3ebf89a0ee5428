//! Fuzz target `base64`: see `saml_edge_fuzz::base64` (fuzz/src/lib.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::base64(data);
});
