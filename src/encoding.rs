//! Base64 and other encodings (helper).
