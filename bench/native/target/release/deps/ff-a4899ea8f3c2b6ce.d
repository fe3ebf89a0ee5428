/work/wt/xmlenc/bench/native/target/release/deps/ff-a4899ea8f3c2b6ce.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/batch.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/helpers.rs

/work/wt/xmlenc/bench/native/target/release/deps/libff-a4899ea8f3c2b6ce.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/batch.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/helpers.rs

/work/wt/xmlenc/bench/native/target/release/deps/libff-a4899ea8f3c2b6ce.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/batch.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/helpers.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/batch.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ff-0.14.0/src/helpers.rs:
