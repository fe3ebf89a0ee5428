/work/wt/xmlenc/bench/native/target/release/deps/saml_edge_bench-29c87fb54a48af90.d: src/lib.rs

/work/wt/xmlenc/bench/native/target/release/deps/libsaml_edge_bench-29c87fb54a48af90.rlib: src/lib.rs

/work/wt/xmlenc/bench/native/target/release/deps/libsaml_edge_bench-29c87fb54a48af90.rmeta: src/lib.rs

src/lib.rs:

# env-dep:CARGO_MANIFEST_DIR=/work/wt/xmlenc/bench/native
