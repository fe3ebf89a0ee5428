/work/wt/xmlenc/bench/native/target/release/deps/subtle-ab47471ed3a37177.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/subtle-2.6.1/src/lib.rs

/work/wt/xmlenc/bench/native/target/release/deps/libsubtle-ab47471ed3a37177.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/subtle-2.6.1/src/lib.rs

/work/wt/xmlenc/bench/native/target/release/deps/libsubtle-ab47471ed3a37177.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/subtle-2.6.1/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/subtle-2.6.1/src/lib.rs:
