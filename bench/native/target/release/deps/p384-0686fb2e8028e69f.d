/work/wt/xmlenc/bench/native/target/release/deps/p384-0686fb2e8028e69f.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/ecdsa.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/field.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/scalar.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libp384-0686fb2e8028e69f.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/ecdsa.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/field.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/scalar.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libp384-0686fb2e8028e69f.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/ecdsa.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/field.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/scalar.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/ecdsa.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/field.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/arithmetic/scalar.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/p384-0.14.0/src/../README.md:
