/work/wt/xmlenc/bench/native/target/release/deps/saml_edge_bench_decrypt-3d021edd4eff532b.d: src/bin/decrypt.rs

/work/wt/xmlenc/bench/native/target/release/deps/saml_edge_bench_decrypt-3d021edd4eff532b: src/bin/decrypt.rs

src/bin/decrypt.rs:
