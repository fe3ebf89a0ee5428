//! Base64 and hex, the text encodings that carry bytes through SAML and XML-DSig.
//!
//! Base64 here is the standard alphabet with `=` padding (RFC 4648 §4), as used by
//! `DigestValue`, `SignatureValue`, `X509Certificate` (XML-DSig 1.1 §4.4, §6.2, which
//! refers to the MIME line-wrapped form) and by the HTTP-POST binding (SAML bindings
//! §3.5.4). XML whitespace may appear anywhere because signers and IdPs wrap lines;
//! everything else is strict so that one value has one encoding.

use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;

/// The engine: standard alphabet, canonical padding required, non-zero trailing bits refused.
const STRICT: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// XML whitespace (XML 1.0 §2.3 `S`): space, tab, CR, LF.
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Decodes standard, padded base64 after removing XML whitespace anywhere in `s`.
///
/// Returns `None` for any other character, missing or misplaced `=`, a length that is
/// not a multiple of 4, or non-zero bits after the last byte (RFC 4648 §3.5), so that
/// a value cannot be altered without changing its meaning.
pub fn base64_decode_xml(s: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = s.bytes().filter(|b| !is_xml_space(*b)).collect();
    STRICT.decode(compact).ok()
}

/// Encodes `bytes` as standard, padded base64 on one line.
pub fn base64_encode(bytes: &[u8]) -> String {
    STRICT.encode(bytes)
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn push_hex(out: &mut String, b: u8, table: &[u8; 16]) {
    for nibble in [b >> 4, b & 0x0f] {
        out.push(char::from(table.get(usize::from(nibble)).copied().unwrap_or(b'0')));
    }
}

/// Lower-case hex without separators (`"ab01"`), for digests in error details.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        push_hex(&mut out, b, HEX_LOWER);
    }
    out
}

/// Upper-case hex with `:` between bytes (`"AB:01"`), the form `openssl x509 -fingerprint`
/// and most IdP consoles show for certificate thumbprints.
pub fn hex_colon_upper(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        push_hex(&mut out, b, HEX_UPPER);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plain_and_wrapped() {
        assert_eq!(base64_decode_xml("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode_xml("aGVs\n bG8=\r\n").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode_xml("\taG\tVs bG8 = ").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode_xml("").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode_xml(" \n ").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode_xml("+/+/").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
    }

    #[test]
    fn rejects_non_canonical() {
        // missing padding
        assert_eq!(base64_decode_xml("aGVsbG8"), None);
        // too much padding
        assert_eq!(base64_decode_xml("aGVsbG8=="), None);
        // padding in the middle
        assert_eq!(base64_decode_xml("aG=VsbG8"), None);
        assert_eq!(base64_decode_xml("aGU=aGU="), None);
        // non-zero trailing bits: "aGVsbG9=" decodes to "hello" with garbage bits
        assert_eq!(base64_decode_xml("aGVsbG9="), None);
        // URL-safe alphabet
        assert_eq!(base64_decode_xml("-_-_"), None);
        // other whitespace and characters
        assert_eq!(base64_decode_xml("aGVs\u{0b}bG8="), None);
        assert_eq!(base64_decode_xml("aGVs\u{a0}bG8="), None);
        assert_eq!(base64_decode_xml("aGVsbG8=."), None);
        assert_eq!(base64_decode_xml("a"), None);
        assert_eq!(base64_decode_xml("===="), None);
    }

    #[test]
    fn encode_round_trip() {
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_encode(b""), "");
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(base64_decode_xml(&base64_encode(&all)), Some(all));
    }

    #[test]
    fn hex_forms() {
        assert_eq!(hex_lower(&[0x00, 0xab, 0x10]), "00ab10");
        assert_eq!(hex_colon_upper(&[0x00, 0xab, 0x10]), "00:AB:10");
        assert_eq!(hex_lower(&[]), "");
        assert_eq!(hex_colon_upper(&[]), "");
        assert_eq!(hex_colon_upper(&[0xff]), "FF");
    }
}
