/work/wt/xmlenc/bench/native/target/release/deps/ctr-eb78d38a896743f4.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/ctr_core.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr128.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr32.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr64.rs

/work/wt/xmlenc/bench/native/target/release/deps/libctr-eb78d38a896743f4.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/ctr_core.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr128.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr32.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr64.rs

/work/wt/xmlenc/bench/native/target/release/deps/libctr-eb78d38a896743f4.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/lib.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/ctr_core.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr128.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr32.rs /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr64.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/lib.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/ctr_core.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr128.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr32.rs:
/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/ctr-0.10.1/src/flavors/ctr64.rs:
