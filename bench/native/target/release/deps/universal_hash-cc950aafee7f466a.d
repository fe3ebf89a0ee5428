/work/wt/xmlenc/bench/native/target/release/deps/universal_hash-cc950aafee7f466a.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libuniversal_hash-cc950aafee7f466a.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libuniversal_hash-cc950aafee7f466a.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/universal-hash-0.6.1/src/../README.md:
