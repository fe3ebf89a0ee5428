/work/wt/xmlenc/bench/native/target/release/deps/ghash-34fd29319f36e834.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libghash-34fd29319f36e834.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libghash-34fd29319f36e834.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ghash-0.6.0/src/../README.md:
