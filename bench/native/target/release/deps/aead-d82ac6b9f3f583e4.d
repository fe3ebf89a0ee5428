/work/wt/xmlenc/bench/native/target/release/deps/aead-d82ac6b9f3f583e4.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libaead-d82ac6b9f3f583e4.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libaead-d82ac6b9f3f583e4.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aead-0.6.1/src/../README.md:
