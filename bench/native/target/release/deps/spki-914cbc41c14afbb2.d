/work/wt/xmlenc/bench/native/target/release/deps/spki-914cbc41c14afbb2.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/algorithm.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/error.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/spki.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/traits.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libspki-914cbc41c14afbb2.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/algorithm.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/error.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/spki.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/traits.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libspki-914cbc41c14afbb2.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/algorithm.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/error.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/spki.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/traits.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/algorithm.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/error.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/spki.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/traits.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/spki-0.8.1/src/../README.md:
