/work/wt/xmlenc/bench/native/target/release/deps/wnaf-dceb047febd8f799.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/base.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/limb_buffer.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/scalar.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/traits.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libwnaf-dceb047febd8f799.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/base.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/limb_buffer.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/scalar.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/traits.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libwnaf-dceb047febd8f799.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/base.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/limb_buffer.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/scalar.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/traits.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/base.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/limb_buffer.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/scalar.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/traits.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wnaf-0.14.1/src/../README.md:
