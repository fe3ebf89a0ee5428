/work/wt/xmlenc/bench/native/target/release/deps/aes_gcm-4c9c437e31ae216d.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libaes_gcm-4c9c437e31ae216d.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/libaes_gcm-4c9c437e31ae216d.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-gcm-0.11.1/src/../README.md:
