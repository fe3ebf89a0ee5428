//! Fuzz target `x509`: `saml_edge_fuzz::x509` (no panic, self-consistency; fuzz/src/lib.rs),
//! then every certificate we accept is compared with x509-parser's reading of the same DER:
//! serial, notBefore/notAfter, SubjectPublicKeyInfo bytes, and subject/issuer rendered in
//! our RFC 4514 format (src/crypto/x509.rs) from x509-parser's attributes.
//!
//! We accept what x509-parser refuses only in fields we skip by design (issuerUniqueID,
//! subjectUniqueID, extensions, signatureValue: "skipped, never interpreted"): when the
//! reference refuses our certificate, it is retried with those fields removed or replaced,
//! and must then accept it with the same values.
#![no_main]

use std::fmt::Write as _;

use libfuzzer_sys::fuzz_target;
use saml_edge::crypto::{parse_certificates, Certificate};
use x509_parser::asn1_rs::{Any, Class, Tag};
use x509_parser::nom::Parser as _;
use x509_parser::prelude::*;

fuzz_target!(|data: &[u8]| {
    let _ = saml_edge_fuzz::x509(data);
    if let Ok(cert) = Certificate::from_der(data) {
        compare(&cert);
    }
    if let Ok(certs) = parse_certificates(data) {
        certs.iter().for_each(compare);
    }
});

/// Our fields of `ours` equal the reference's reading of its DER.
fn compare(ours: &Certificate) {
    let der = ours.der();
    let parse = |der: &[u8]| -> Option<Fields> {
        let parser = &mut X509CertificateParser::new().with_deep_parse_extensions(false);
        match parser.parse(der) {
            Ok(([], cert)) => Some(fields(&cert)),
            _ => None,
        }
    };
    let theirs = parse(der).or_else(|| {
        let reduced = without_skipped_fields(der).expect("an accepted certificate has the DER shape we rebuild");
        parse(&reduced)
    });
    let theirs = theirs.unwrap_or_else(|| panic!("x509-parser refuses a certificate we accept: {}", hex(der)));
    let mine = Fields {
        serial: ours.serial_hex(),
        not_before: ours.not_before(),
        not_after: ours.not_after(),
        spki: ours.public_key().spki_der().to_vec(),
        subject: ours.subject().to_owned(),
        issuer: ours.issuer().to_owned(),
    };
    assert_eq!(mine, theirs, "our reading (left) differs from x509-parser's (right) for {}", hex(der));
}

#[derive(Debug, PartialEq)]
struct Fields {
    serial: String,
    not_before: i64,
    not_after: i64,
    spki: Vec<u8>,
    subject: String,
    issuer: String,
}

fn fields(cert: &X509Certificate<'_>) -> Fields {
    let tbs = &cert.tbs_certificate;
    Fields {
        serial: serial_hex(tbs.raw_serial()),
        not_before: tbs.validity.not_before.timestamp(),
        not_after: tbs.validity.not_after.timestamp(),
        spki: tbs.subject_pki.raw.to_vec(),
        subject: name(&tbs.subject),
        issuer: name(&tbs.issuer),
    }
}

/// `Certificate::serial_hex`: lower-case hex of the INTEGER octets without leading zeros.
fn serial_hex(raw: &[u8]) -> String {
    let hex = hex(raw);
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The short names our reader uses (src/crypto/x509.rs `ATTRIBUTE_NAMES`), by dotted OID.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("2.5.4.4", "SN"),
    ("2.5.4.42", "GN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.12", "title"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.97", "organizationIdentifier"),
];

/// RDNs in certificate order joined by ", ", a multi-valued RDN's attributes by "+",
/// `type=value` with RFC 4514 §2.4 escaping and `#hex` of the DER for non-strings.
fn name(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            let attributes: Vec<String> = rdn
                .iter()
                .map(|a| {
                    let oid = dotted(a.attr_type().as_bytes());
                    let short = SHORT_NAMES.iter().find(|(dotted, _)| *dotted == oid).map(|(_, s)| (*s).to_owned());
                    format!("{}={}", short.unwrap_or(oid), value(a.attr_value()))
                })
                .collect();
            attributes.join("+")
        })
        .collect();
    rdns.join(", ")
}

/// An OBJECT IDENTIFIER's content octets in dotted form (X.690 §8.19). Not asn1-rs's
/// `to_id_string`: asn1-rs 0.7 reads the first octet alone as the first two arcs, which is
/// wrong once that subidentifier takes two octets or is 120 or more (2.999.3 is 88 37 03).
fn dotted(bytes: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut arc: u128 = 0;
    for &b in bytes {
        arc = arc << 7 | u128::from(b & 0x7f);
        if b & 0x80 == 0 {
            arcs.push(arc);
            arc = 0;
        }
    }
    let mut out = String::new();
    for (i, arc) in arcs.into_iter().enumerate() {
        if i == 0 {
            let top = arc.min(80) / 40;
            let _ = write!(out, "{top}.{}", arc - top * 40);
        } else {
            let _ = write!(out, ".{arc}");
        }
    }
    out
}

fn value(v: &Any<'_>) -> String {
    let text = if v.class() != Class::Universal || v.header.constructed() {
        None
    } else {
        match v.tag() {
            Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
                std::str::from_utf8(v.data).ok().map(str::to_owned)
            }
            Tag::TeletexString => Some(v.data.iter().map(|&b| char::from(b)).collect()),
            Tag::BmpString if v.data.len().is_multiple_of(2) => {
                let units = v.data.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
                char::decode_utf16(units).collect::<Result<String, _>>().ok()
            }
            _ => None,
        }
    };
    match text {
        Some(text) => escape(&text),
        None => format!("#{}", hex(&der_of(v))),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    let count = text.chars().count();
    for (i, ch) in text.chars().enumerate() {
        let special = matches!(ch, '"' | '+' | ',' | ';' | '<' | '>' | '\\')
            || (i == 0 && matches!(ch, ' ' | '#'))
            || (i + 1 == count && ch == ' ');
        if special {
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
    out
}

/// The DER of an attribute value, rebuilt from its header (identifier and minimal length).
fn der_of(v: &Any<'_>) -> Vec<u8> {
    let class = v.class() as u8;
    let constructed = u8::from(v.header.constructed()) << 5;
    let Tag(number) = v.tag();
    let mut out = Vec::new();
    if number < 31 {
        out.push(class << 6 | constructed | number as u8);
    } else {
        out.push(class << 6 | constructed | 0x1f);
        let mut groups = Vec::new();
        let mut n = number;
        loop {
            groups.push((n & 0x7f) as u8);
            n >>= 7;
            if n == 0 {
                break;
            }
        }
        for (i, g) in groups.iter().enumerate().rev() {
            out.push(if i > 0 { g | 0x80 } else { *g });
        }
    }
    out.extend(length(v.data.len()));
    out.extend_from_slice(v.data);
    out
}

fn length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
    [vec![0x80 | bytes.len() as u8], bytes].concat()
}

/// One DER element at the start of `input`: (identifier octet, header length, total length).
/// Low-tag-number form only, which is all a certificate we accept has at these levels.
fn element(input: &[u8]) -> Option<(u8, usize, usize)> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        let bytes = rest.get(..n)?;
        (bytes.iter().fold(0usize, |acc, &b| acc << 8 | usize::from(b)), 2 + n)
    };
    let total = header.checked_add(len)?;
    (total <= input.len()).then_some((tag, header, total))
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    [vec![tag], length(content.len()), content.to_vec()].concat()
}

/// The certificate without issuerUniqueID [1], subjectUniqueID [2] and extensions [3] in the
/// tbsCertificate, and with an empty signatureValue BIT STRING: the fields our reader skips.
fn without_skipped_fields(der: &[u8]) -> Option<Vec<u8>> {
    let (_, header, total) = element(der)?;
    let mut cert = der.get(header..total)?;
    let (_, tbs_header, tbs_total) = element(cert)?;
    let mut tbs = cert.get(tbs_header..tbs_total)?;
    cert = &cert[tbs_total..];
    let mut kept = Vec::new();
    while !tbs.is_empty() {
        let (tag, _, len) = element(tbs)?;
        if !matches!(tag, 0x81 | 0x82 | 0xa3) {
            kept.extend_from_slice(&tbs[..len]);
        }
        tbs = &tbs[len..];
    }
    let (_, _, algorithm_len) = element(cert)?;
    let algorithm = &cert[..algorithm_len];
    let body = [tlv(0x30, &kept), algorithm.to_vec(), vec![0x03, 0x01, 0x00]].concat();
    Some(tlv(0x30, &body))
}
