/work/wt/xmlenc/bench/native/target/release/deps/cpubits-a450a10b16559144.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libcpubits-a450a10b16559144.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libcpubits-a450a10b16559144.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cpubits-0.1.1/src/../README.md:
