//! A small, strict reader for one DER X.509 certificate (RFC 5280 §4.1).
//!
//! We only need the fields a pinned-key trust model reports: the SubjectPublicKeyInfo,
//! the subject and issuer names, the validity dates and the serial. Extensions and the
//! certificate's own signature are skipped, never interpreted. The TLV layer is the
//! `der` crate that `spki`/`pkcs1` already link, so this adds almost no code to the wasm
//! (dropping x509-parser, nom, asn1-rs and its OID registry saved 104 KB raw, 38 KB gzipped).
//!
//! Work is linear in the input: every element is visited once, with no recursion.

use alloc::format;
use alloc::string::String;
use core::fmt::Write as _;

use der::{Decode as _, Header, Reader as _, SliceReader, Tag, TagNumber};

use crate::encoding::hex_lower;

#[cfg(test)]
#[path = "x509_tests.rs"]
mod tests;

/// A parse failure, as the detail of `Error::CertificateInvalid`.
type Parse<T> = core::result::Result<T, String>;

/// The fields of a certificate we report, borrowed from its DER where possible.
#[derive(Debug)]
pub(super) struct Fields<'a> {
    /// The full SubjectPublicKeyInfo TLV.
    pub spki: &'a [u8],
    /// The serial number's INTEGER content octets (two's complement, as encoded).
    pub serial: &'a [u8],
    pub subject: String,
    pub issuer: String,
    pub not_before: i64,
    pub not_after: i64,
}

/// One element: its tag, its content octets and its whole encoding.
struct Tlv<'a> {
    tag: Tag,
    value: &'a [u8],
    raw: &'a [u8],
}

/// The elements of one constructed value, read in order.
struct Elements<'a>(SliceReader<'a>);

impl<'a> Elements<'a> {
    fn new(bytes: &'a [u8]) -> Parse<Self> {
        SliceReader::new(bytes).map(Elements).map_err(|e| format!("the input is too large ({})", e.kind()))
    }

    fn is_empty(&self) -> bool {
        self.0.is_finished()
    }

    fn peek_tag(&self) -> Option<Tag> {
        if self.is_empty() {
            return None;
        }
        Tag::peek(&self.0).ok()
    }

    fn next(&mut self, what: &str) -> Parse<Tlv<'a>> {
        if self.is_empty() {
            return Err(format!("the {what} is missing"));
        }
        let bad = |e: der::Error| format!("the {what} is not valid DER ({})", e.kind());
        let raw = self.0.tlv_bytes().map_err(bad)?;
        let mut inner = SliceReader::new(raw).map_err(bad)?;
        let header = Header::decode(&mut inner).map_err(bad)?;
        let value = inner.read_slice(header.length()).map_err(bad)?;
        Ok(Tlv { tag: header.tag(), value, raw })
    }

    fn expect(&mut self, tag: Tag, what: &str) -> Parse<Tlv<'a>> {
        let tlv = self.next(what)?;
        if tlv.tag != tag {
            return Err(format!("the {what} should be {tag}, found {}", tlv.tag));
        }
        Ok(tlv)
    }

    /// The element if the next one has this tag (an OPTIONAL field).
    fn optional(&mut self, tag: Tag, what: &str) -> Parse<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            return self.next(what).map(Some);
        }
        Ok(None)
    }

    fn finish(&self, after: &str) -> Parse<()> {
        match self.0.remaining_len().into() {
            0u32 => Ok(()),
            n => Err(format!("{n} unexpected bytes follow the {after}")),
        }
    }
}

const fn context(number: u32, constructed: bool) -> Tag {
    Tag::ContextSpecific { constructed, number: TagNumber(number) }
}

/// Reads exactly one DER `Certificate` (RFC 5280 §4.1.1): nothing may follow it.
pub(super) fn parse_certificate(der: &[u8]) -> Parse<Fields<'_>> {
    let mut top = Elements::new(der)?;
    let cert = top.expect(Tag::Sequence, "certificate")?;
    top.finish("certificate")?;

    let mut c = Elements::new(cert.value)?;
    let tbs = c.expect(Tag::Sequence, "tbsCertificate")?;
    let algorithm = c.expect(Tag::Sequence, "signatureAlgorithm")?;
    algorithm_identifier(&algorithm, "signatureAlgorithm")?;
    let signature = c.expect(Tag::BitString, "signatureValue")?;
    if signature.value.is_empty() {
        return Err(String::from("the signatureValue BIT STRING is empty"));
    }
    c.finish("signatureValue")?;

    let mut t = Elements::new(tbs.value)?;
    // version [0] EXPLICIT INTEGER DEFAULT v1 (RFC 5280 §4.1.2.1)
    let version = match t.optional(context(0, true), "version")? {
        Some(v) => version(&v)?,
        None => 0,
    };
    let serial = t.expect(Tag::Integer, "serialNumber")?;
    let serial = integer(&serial, "serialNumber")?;
    let inner_algorithm = t.expect(Tag::Sequence, "signature AlgorithmIdentifier")?;
    algorithm_identifier(&inner_algorithm, "signature AlgorithmIdentifier")?;
    // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
    if inner_algorithm.raw != algorithm.raw {
        return Err(String::from("signatureAlgorithm differs from the tbsCertificate signature field"));
    }
    let issuer = name(&t.expect(Tag::Sequence, "issuer Name")?, "issuer")?;
    let validity = t.expect(Tag::Sequence, "Validity")?;
    let mut v = Elements::new(validity.value)?;
    let not_before = time(&v.next("notBefore")?, "notBefore")?;
    let not_after = time(&v.next("notAfter")?, "notAfter")?;
    v.finish("notAfter")?;
    let subject = name(&t.expect(Tag::Sequence, "subject Name")?, "subject")?;
    let spki = t.expect(Tag::Sequence, "subjectPublicKeyInfo")?.raw;
    // issuerUniqueID [1], subjectUniqueID [2] (v2 and v3), extensions [3] (v3 only):
    // skipped, never interpreted; the trust model is the pinned key.
    for (tag, what, min_version) in [
        (context(1, false), "issuerUniqueID", 1),
        (context(2, false), "subjectUniqueID", 1),
        (context(3, true), "extensions", 2),
    ] {
        if t.optional(tag, what)?.is_some() && version < min_version {
            return Err(format!("a version {} certificate has {what}", version + 1));
        }
    }
    t.finish("tbsCertificate fields")?;
    Ok(Fields { spki, serial, subject, issuer, not_before, not_after })
}

fn version(explicit: &Tlv<'_>) -> Parse<u8> {
    let mut e = Elements::new(explicit.value)?;
    let v = e.expect(Tag::Integer, "version")?;
    e.finish("version")?;
    match v.value {
        [n @ 0..=2] => Ok(*n),
        other => Err(format!("unknown certificate version (INTEGER 0x{})", hex_lower(other))),
    }
}

/// The content octets of a DER INTEGER: non-empty and minimally encoded (X.690 §8.3.2).
fn integer<'a>(tlv: &Tlv<'a>, what: &str) -> Parse<&'a [u8]> {
    match tlv.value {
        [] => Err(format!("the {what} INTEGER is empty")),
        [0x00, next, ..] if *next < 0x80 => Err(format!("the {what} INTEGER has a redundant leading 00")),
        [0xff, next, ..] if *next >= 0x80 => Err(format!("the {what} INTEGER has a redundant leading ff")),
        value => Ok(value),
    }
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`.
fn algorithm_identifier(tlv: &Tlv<'_>, what: &str) -> Parse<()> {
    let mut a = Elements::new(tlv.value)?;
    let oid = a.expect(Tag::ObjectIdentifier, what)?;
    dotted_oid(&mut String::new(), oid.value).map_err(|e| format!("the {what}: {e}"))?;
    if !a.is_empty() {
        a.next(&format!("{what} parameters"))?;
    }
    a.finish(&format!("{what} parameters"))
}

// ----- Names (RFC 5280 §4.1.2.4) as RFC 4514 strings, in certificate order -----

/// Short names for the attribute types seen in IdP certificates: RFC 4514 §3 names, then
/// OpenSSL's. Keyed by the OID's content octets; other types are written dotted.
const ATTRIBUTE_NAMES: &[(&[u8], &str)] = &[
    (&[0x55, 0x04, 0x03], "CN"),
    (&[0x55, 0x04, 0x06], "C"),
    (&[0x55, 0x04, 0x07], "L"),
    (&[0x55, 0x04, 0x08], "ST"),
    (&[0x55, 0x04, 0x09], "STREET"),
    (&[0x55, 0x04, 0x0a], "O"),
    (&[0x55, 0x04, 0x0b], "OU"),
    (&[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19], "DC"),
    (&[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01], "UID"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01], "emailAddress"),
    (&[0x55, 0x04, 0x04], "SN"),
    (&[0x55, 0x04, 0x2a], "GN"),
    (&[0x55, 0x04, 0x05], "serialNumber"),
    (&[0x55, 0x04, 0x0c], "title"),
    (&[0x55, 0x04, 0x11], "postalCode"),
    (&[0x55, 0x04, 0x2e], "dnQualifier"),
    (&[0x55, 0x04, 0x61], "organizationIdentifier"),
];

/// `Name ::= SEQUENCE OF RelativeDistinguishedName`, each a non-empty
/// `SET OF SEQUENCE { type OID, value ANY }`: RDNs joined by ", ", the attributes of a
/// multi-valued RDN by "+" (RFC 4514 §2.1, but in certificate order, not reversed).
fn name(tlv: &Tlv<'_>, what: &str) -> Parse<String> {
    let mut out = String::new();
    let mut rdns = Elements::new(tlv.value)?;
    while !rdns.is_empty() {
        let rdn = rdns.expect(Tag::Set, &format!("{what} RelativeDistinguishedName"))?;
        let mut attributes = Elements::new(rdn.value)?;
        if attributes.is_empty() {
            return Err(format!("the {what} has an empty RelativeDistinguishedName"));
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        let mut first = true;
        while !attributes.is_empty() {
            let attribute = attributes.expect(Tag::Sequence, &format!("{what} AttributeTypeAndValue"))?;
            let mut parts = Elements::new(attribute.value)?;
            let oid = parts.expect(Tag::ObjectIdentifier, &format!("{what} attribute type"))?;
            let value = parts.next(&format!("{what} attribute value"))?;
            parts.finish(&format!("{what} attribute value"))?;
            if !first {
                out.push('+');
            }
            first = false;
            match ATTRIBUTE_NAMES.iter().find(|(bytes, _)| *bytes == oid.value) {
                Some((_, short)) => out.push_str(short),
                None => dotted_oid(&mut out, oid.value).map_err(|e| format!("the {what} attribute type: {e}"))?,
            }
            out.push('=');
            attribute_value(&mut out, &value);
        }
    }
    Ok(out)
}

/// A directory string as text, RFC 4514 §2.4-escaped; anything else (or a string whose
/// octets do not decode) as `#` and the hex of its DER, as RFC 4514 §2.4 prescribes.
fn attribute_value(out: &mut String, tlv: &Tlv<'_>) {
    let text: Option<String> = match tlv.tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
            core::str::from_utf8(tlv.value).ok().map(String::from)
        }
        // T.61 in theory; Latin-1 in every certificate that uses it.
        Tag::TeletexString => Some(tlv.value.iter().map(|&b| char::from(b)).collect()),
        Tag::BmpString if tlv.value.len() % 2 == 0 => {
            let units = tlv.value.chunks_exact(2).map(|p| p.iter().fold(0u16, |acc, &b| acc << 8 | u16::from(b)));
            char::decode_utf16(units).collect::<core::result::Result<String, _>>().ok()
        }
        _ => None,
    };
    match text {
        Some(text) => push_escaped(out, &text),
        None => {
            out.push('#');
            out.push_str(&hex_lower(tlv.raw));
        }
    }
}

/// RFC 4514 §2.4 escaping; control characters are hex-escaped too, so a name is safe
/// to print in a log line or a terminal.
fn push_escaped(out: &mut String, text: &str) {
    for (i, ch) in text.char_indices() {
        let first = i == 0;
        let last = i + ch.len_utf8() == text.len();
        if matches!(ch, '"' | '+' | ',' | ';' | '<' | '>' | '\\')
            || (first && matches!(ch, ' ' | '#'))
            || (last && ch == ' ')
        {
            out.push('\\');
            out.push(ch);
        } else if ch.is_control() {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\{b:02x}");
            }
        } else {
            out.push(ch);
        }
    }
}

/// An OBJECT IDENTIFIER's content octets in dotted form (X.690 §8.19), strictly: no
/// empty arc list, no leading 0x80 in an arc, no arc beyond u64, no truncated arc.
fn dotted_oid(out: &mut String, bytes: &[u8]) -> Parse<()> {
    if bytes.is_empty() {
        return Err(String::from("the OBJECT IDENTIFIER is empty"));
    }
    let mut arc: u64 = 0;
    let mut arc_start = true;
    let mut first = true;
    for &b in bytes {
        if arc_start && b == 0x80 {
            return Err(String::from("an OBJECT IDENTIFIER arc is not minimally encoded"));
        }
        if arc > u64::MAX >> 7 {
            return Err(String::from("an OBJECT IDENTIFIER arc is too large"));
        }
        arc = arc << 7 | u64::from(b & 0x7f);
        arc_start = b & 0x80 == 0;
        if arc_start {
            let _ = if first {
                // The first subidentifier packs the first two arcs (X.690 §8.19.4).
                let top = arc.min(80) / 40;
                write!(out, "{top}.{}", arc - top * 40)
            } else {
                write!(out, ".{arc}")
            };
            first = false;
            arc = 0;
        }
    }
    if !arc_start {
        return Err(String::from("the OBJECT IDENTIFIER ends inside an arc"));
    }
    Ok(())
}

// ----- Validity (RFC 5280 §4.1.2.5) -----

/// `UTCTime` `YYMMDDHHMMSSZ` (YY >= 50 is 19YY) or `GeneralizedTime` `YYYYMMDDHHMMSSZ`,
/// the only forms RFC 5280 allows, as Unix seconds.
fn time(tlv: &Tlv<'_>, what: &str) -> Parse<i64> {
    let bad = || {
        format!(
            "the {what} time \"{}\" is not YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ (GeneralizedTime)",
            String::from_utf8_lossy(tlv.value)
        )
    };
    let (year, rest) = match (tlv.tag, tlv.value) {
        (Tag::UtcTime, [y1, y2, rest @ .., b'Z']) if rest.len() == 10 => {
            let yy = digits(&[*y1, *y2]).ok_or_else(bad)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
        }
        (Tag::GeneralizedTime, [y1, y2, y3, y4, rest @ .., b'Z']) if rest.len() == 10 => {
            (digits(&[*y1, *y2, *y3, *y4]).ok_or_else(bad)?, rest)
        }
        (Tag::UtcTime | Tag::GeneralizedTime, _) => return Err(bad()),
        (tag, _) => return Err(format!("the {what} should be UTCTime or GeneralizedTime, found {tag}")),
    };
    let field = |i: usize| rest.get(i..i + 2).and_then(digits).ok_or_else(bad);
    let (month, day, hour, minute, second) = (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    let month_days = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return Err(bad()),
    };
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return Err(bad());
    }
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// ASCII decimal digits as a number; `None` if any byte is not a digit.
fn digits(bytes: &[u8]) -> Option<i64> {
    bytes.iter().try_fold(0i64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0')))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
