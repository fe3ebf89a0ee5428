//! Fuzz target `redirect_decode`: see `saml_edge_fuzz::redirect_decode` (fuzz/src/lib.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::redirect_decode(data);
});
