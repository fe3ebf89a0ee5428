//! Base64 and hex, the text encodings that carry bytes through SAML and XML-DSig.
//!
//! Base64 here is the standard alphabet with `=` padding (RFC 4648 §4), as used by
//! `DigestValue`, `SignatureValue`, `X509Certificate` (XML-DSig 1.1 §4.4, §6.2, which
//! refers to the MIME line-wrapped form) and by the HTTP-POST binding (SAML bindings
//! §3.5.4). XML whitespace may appear anywhere because signers and IdPs wrap lines;
//! everything else is strict so that one value has one encoding.

use alloc::string::String;
use alloc::vec::Vec;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// Table entries that are not sextet values.
const SPACE: u8 = 0xfe;
const OTHER: u8 = 0xff;

/// Byte -> sextet value, [`SPACE`] for XML whitespace (XML 1.0 §2.3 `S`), [`OTHER`] for
/// the rest (`=` included).
// Indexing in a const initializer: an out-of-range index fails the build, never a run.
#[allow(clippy::indexing_slicing)]
const DECODE: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t
};

/// Decodes standard, padded base64 after removing XML whitespace anywhere in `s`.
///
/// Returns `None` for any other character, missing or misplaced `=`, a length that is
/// not a multiple of 4, or non-zero bits after the last byte (RFC 4648 §3.5), so that
/// a value cannot be altered without changing its meaning.
///
/// One pass with a table, no intermediate copy: the POST field of every login goes
/// through here, and a filtered copy plus a general-purpose decoder cost ~22
/// instructions per byte.
pub fn base64_decode_xml(s: &str) -> Option<Vec<u8>> {
    base64_decode_xml_bytes(s.as_bytes())
}

/// [`base64_decode_xml`] on bytes: anything outside the alphabet, `=` and XML whitespace
/// (any non-ASCII byte included) is refused, so no UTF-8 check is needed first.
pub fn base64_decode_xml_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    let sextet = |b: u8| u32::from(DECODE.get(usize::from(b)).copied().unwrap_or(OTHER));
    // Fast path: quanta of four alphabet characters (a POST field is mostly that), written
    // in place into a buffer sized for the whitespace-free case (no per-quantum push).
    let mut out = alloc::vec![0u8; bytes.len() / 4 * 3];
    let mut quanta = 0;
    for (quad, dst) in bytes.chunks_exact(4).zip(out.chunks_exact_mut(3)) {
        let (&[a, b, c, d], [d0, d1, d2]) = (quad, dst) else { break };
        let (a, b, c, d) = (sextet(a), sextet(b), sextet(c), sextet(d));
        if (a | b | c | d) >= 64 {
            break; // whitespace, padding or an error: the general loop below decides
        }
        let n = a << 18 | b << 12 | c << 6 | d;
        (*d0, *d1, *d2) = ((n >> 16) as u8, (n >> 8) as u8, n as u8);
        quanta += 1;
    }
    // The rest pushes into the capacity already there (the output is never longer).
    out.truncate(quanta * 3);
    let done = quanta * 4;
    let mut acc: u32 = 0;
    let mut sextets = 0u8; // in `acc`, 0..=3
    let mut padding = 0u8; // `=` seen; nothing but whitespace and `=` may follow the first
    for &b in bytes.get(done..).unwrap_or_default() {
        let v = sextet(b);
        if v < 64 {
            if padding > 0 {
                return None;
            }
            acc = acc << 6 | v;
            sextets += 1;
            if sextets == 4 {
                out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                acc = 0;
                sextets = 0;
            }
        } else if v == u32::from(SPACE) {
            continue;
        } else if b == b'=' {
            // At most two: a counter that could wrap would let 256 of them pass as none.
            if padding == 2 {
                return None;
            }
            padding += 1;
        } else {
            return None;
        }
    }
    // A final quantum of 2 or 3 sextets needs exactly 2 or 1 `=` and zero unused bits.
    match (sextets, padding) {
        (0, 0) => {}
        (2, 2) if acc & 0xf == 0 => out.push((acc >> 4) as u8),
        (3, 1) if acc & 0x3 == 0 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => return None,
    }
    Some(out)
}

/// Encodes `bytes` as standard, padded base64 on one line.
pub fn base64_encode(bytes: &[u8]) -> String {
    let sextet = |v: u32| char::from(ALPHABET.get((v & 0x3f) as usize).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = b(0) << 16 | b(1) << 8 | b(2);
        out.push(sextet(n >> 18));
        out.push(sextet(n >> 12));
        out.push(if chunk.len() > 1 { sextet(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n) } else { '=' });
    }
    out
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

    fn is_xml_space(b: u8) -> bool {
        matches!(b, b' ' | b'\t' | b'\r' | b'\n')
    }

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
        // padding after a whole quantum, however much: 256 `=` once wrapped a u8 counter
        // to zero and decoded as no padding (fuzz finding, post_input in CI)
        for n in [1, 2, 3, 255, 256, 257, 512] {
            assert_eq!(base64_decode_xml(&alloc::format!("PHg+{}", "=".repeat(n))), None, "{n} x '='");
            assert_eq!(base64_decode_xml(&alloc::format!("aGVsbG8={}", "=".repeat(n))), None, "{n} more '='");
        }
        assert_eq!(base64_decode_xml(&alloc::format!("PHg+{}", " =".repeat(256))), None);
    }

    #[test]
    fn encode_round_trip() {
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_encode(b""), "");
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(base64_decode_xml(&base64_encode(&all)), Some(all));
    }

    /// Same verdicts and bytes as the `base64` crate's strict engine (the decoder this
    /// replaced) on random strings over the alphabet, `=`, whitespace and a stray byte.
    #[test]
    fn agrees_with_the_base64_crate() {
        use base64::Engine as _;
        let reference = |s: &str| {
            let compact: Vec<u8> = s.bytes().filter(|b| !is_xml_space(*b)).collect();
            base64::engine::general_purpose::STANDARD.decode(compact).ok()
        };
        let pool = b"AQgw+/9aZ=== \n\r\t-.";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut accepted = 0;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 13) as usize;
            let s: String =
                (0..len).map(|i| char::from(pool[((seed >> (4 + 4 * i)) % pool.len() as u64) as usize])).collect();
            let ours = base64_decode_xml(&s);
            assert_eq!(ours, reference(&s), "{s:?}");
            accepted += usize::from(ours.is_some());
        }
        assert!(accepted > 1000, "the random strings must exercise acceptance too ({accepted})");
        for len in 0..64 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64_encode(&bytes), base64::engine::general_purpose::STANDARD.encode(&bytes));
        }
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
