//! A deterministic RNG for the unit tests that sign: RSA PKCS #1 v1.5 signatures do not depend on
//! it (the `rsa` crate uses it only to blind the private-key operation), so any sequence will do.

use rsa::rand_core::{TryCryptoRng, TryRng};

/// xorshift64 from a non-zero seed.
pub(crate) struct TestRng(pub(crate) u64);

impl TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        self.try_next_u64().map(|v| v as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(v.get(..chunk.len()).unwrap_or_default());
        }
        Ok(())
    }
}
impl TryCryptoRng for TestRng {}
