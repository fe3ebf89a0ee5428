//! Fuzz target `xml_parse`: see `saml_edge_fuzz::xml_parse` (fuzz/src/lib.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::xml_parse(data);
});
