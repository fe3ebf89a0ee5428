/work/wt/xmlenc/bench/native/target/release/deps/cfg_if-de0a5df67524a0fa.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs

/work/wt/xmlenc/bench/native/target/release/deps/libcfg_if-de0a5df67524a0fa.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs

/work/wt/xmlenc/bench/native/target/release/deps/libcfg_if-de0a5df67524a0fa.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cfg-if-1.0.5/src/lib.rs:
