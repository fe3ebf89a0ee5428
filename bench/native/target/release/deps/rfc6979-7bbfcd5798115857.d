/work/wt/xmlenc/bench/native/target/release/deps/rfc6979-7bbfcd5798115857.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/hmac_drbg.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/librfc6979-7bbfcd5798115857.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/hmac_drbg.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/../README.md

/work/wt/xmlenc/bench/native/target/release/deps/librfc6979-7bbfcd5798115857.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/hmac_drbg.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/../README.md

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/hmac_drbg.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rfc6979-0.6.0/src/../README.md:
