//! Cryptography seam (helper).
