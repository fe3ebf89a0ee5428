//! A small JSON writer (RFC 8259) for what crosses into JavaScript.
//!
//! Output only: configuration comes in through the host's `JSON.parse`, so the
//! wasm carries no JSON parser. Strings are escaped as RFC 8259 §7 requires;
//! numbers are integers (all within 2^53, so JavaScript reads them exactly).

use alloc::string::String;
use alloc::vec::Vec;

/// A JSON value; objects keep their members in insertion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// A string value.
    pub fn str(s: &str) -> Json {
        Json::Str(String::from(s))
    }

    /// A string, or `null` for `None`.
    pub fn opt_str(s: Option<&str>) -> Json {
        s.map_or(Json::Null, Json::str)
    }

    /// An array of strings.
    pub fn strs<S: AsRef<str>>(items: &[S]) -> Json {
        Json::Arr(items.iter().map(|s| Json::str(s.as_ref())).collect())
    }

    /// An unsigned count or index (saturates at `i64::MAX`, never reached in practice).
    pub fn uint(n: usize) -> Json {
        Json::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// The JSON text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Int(n) => {
                use core::fmt::Write as _;
                let _ = write!(out, "{n}");
            }
            Json::Str(s) => write_str(out, s),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// An object from `(name, value)` members, in order.
pub fn obj<const N: usize>(members: [(&str, Json); N]) -> Json {
    Json::Obj(members.into_iter().map(|(k, v)| (String::from(k), v)).collect())
}

/// Bytes that may need an escape: `"`, `\\`, C0 controls, and 0xE2 (the lead byte of U+2028/9).
/// One table load per byte instead of four comparisons.
#[allow(clippy::indexing_slicing)] // const evaluation: an index out of range fails the build
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[0xe2] = true;
    t
};

/// RFC 8259 §7: quote, backslash and U+0000..U+001F escaped; everything else as UTF-8.
/// U+2028/U+2029 are escaped too, so the text is also a valid JavaScript literal.
///
/// Copies runs of plain text whole: claims (e.g. hundreds of group IDs) go through here on
/// every verification, and pushing char by char was ~8% of a verification in the wasm.
fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0; // start of the text not yet copied
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !SPECIAL.get(usize::from(b)).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8; other E2 sequences are plain text.
        let line_sep = b == 0xe2 && bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9));
        if b == 0xe2 && !line_sep {
            i += 1;
            continue;
        }
        // Escapes start at an ASCII byte or at the lead byte of U+2028/9: always a char boundary.
        out.push_str(s.get(run..i).unwrap_or_default());
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            0xe2 => out.push_str(if bytes.get(i + 2) == Some(&0xa8) { "\\u2028" } else { "\\u2029" }),
            _ => {
                use core::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", b);
            }
        }
        i += if line_sep { 3 } else { 1 };
        run = i;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// The run-copying [`write_str`] against the obvious char-by-char escaper.
    #[test]
    fn string_escaping_matches_char_by_char() {
        fn reference(s: &str) -> String {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    '\u{0}'..='\u{1f}' | '\u{2028}' | '\u{2029}' => {
                        out.push_str(&alloc::format!("\\u{:04x}", u32::from(c)))
                    }
                    _ => out.push(c),
                }
            }
            out.push('"');
            out
        }
        let pool = [
            'a', '"', '\\', '\n', '\u{1}', '\u{1f}', '\u{8}', 'é', '\u{2028}', '\u{2029}', '\u{2027}', '\u{202a}', '€',
            '😀',
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let s: String =
                (0..(seed % 9) as usize).map(|i| pool[((seed >> (6 + 5 * i)) % pool.len() as u64) as usize]).collect();
            let mut ours = String::new();
            write_str(&mut ours, &s);
            assert_eq!(ours, reference(&s), "{s:?}");
        }
    }

    #[test]
    fn renders_every_kind() {
        let v = obj([
            ("n", Json::Null),
            ("b", Json::Bool(true)),
            ("i", Json::Int(-42)),
            ("s", Json::str("a\"b\\c\n\u{1}\u{2028}é")),
            ("a", Json::Arr(vec![Json::Bool(false), Json::Arr(Vec::new()), Json::Obj(Vec::new())])),
        ]);
        assert_eq!(v.render(), r#"{"n":null,"b":true,"i":-42,"s":"a\"b\\c\n\u0001\u2028é","a":[false,[],{}]}"#);
    }
}
