//! Canonicalization (owned by lead).
