/work/wt/xmlenc/bench/native/target/release/deps/group-c6cd44f6e5186b26.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/cofactor.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/prime.rs

/work/wt/xmlenc/bench/native/target/release/deps/libgroup-c6cd44f6e5186b26.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/cofactor.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/prime.rs

/work/wt/xmlenc/bench/native/target/release/deps/libgroup-c6cd44f6e5186b26.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/cofactor.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/prime.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/cofactor.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/group-0.14.0/src/prime.rs:
