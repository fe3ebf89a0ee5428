//! The X.509 reader against OpenSSL: every committed certificate gives the fields
//! `openssl x509 -noout -subject -issuer -dates -serial -nameopt RFC2253` shows (RFC 2253
//! lists RDNs last-first; we keep certificate order), and damaged inputs are refused.

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::crypto::Certificate;
use crate::encoding::base64_decode_xml;

fn der_of(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64_decode_xml(&body).expect("PEM body is base64")
}

/// (file, subject = issuer, notBefore, notAfter, serial as openssl prints it)
const OPENSSL_FIELDS: &[(&str, &str, i64, i64, &str)] = &[
    (include_str!("../../tests/keys/idp-rsa2048.crt"), "CN=saml-edge test IdP", 1_735_689_600, 2_051_222_400, "1001"),
    (
        include_str!("../../tests/keys/idp-rsa2048-next.crt"),
        "CN=saml-edge test IdP (next)",
        1_735_689_600,
        2_051_222_400,
        "1002",
    ),
    (
        include_str!("../../tests/keys/idp-rsa2048-expired.crt"),
        "CN=saml-edge test IdP (expired)",
        1_672_531_200,
        1_735_689_600,
        "1003",
    ),
    (
        include_str!("../../tests/keys/attacker-rsa2048.crt"),
        "CN=saml-edge test IdP",
        1_735_689_600,
        2_051_222_400,
        "1004",
    ),
    (
        include_str!("../../tests/keys/idp-ec-p256.crt"),
        "CN=saml-edge test IdP (EC P-256)",
        1_735_689_600,
        2_051_222_400,
        "1005",
    ),
    (
        include_str!("../../tests/keys/idp-ec-p384.crt"),
        "CN=saml-edge test IdP (EC P-384)",
        1_735_689_600,
        2_051_222_400,
        "1006",
    ),
    (
        include_str!("../../tests/keys/weak-rsa1024.crt"),
        "CN=saml-edge test IdP (weak RSA-1024)",
        1_735_689_600,
        2_051_222_400,
        "1007",
    ),
    // notBefore UTCTime 500101000000Z = 1950 (RFC 5280 §4.1.2.5.1), notAfter GeneralizedTime 2051.
    // openssl: emailAddress=jdoe@example.com,UID=jdoe,OU=R&D,O=Example\, Inc.,DC=example,DC=com,
    //          CN=J\C3\B6hn \"JD\" \<Doe\>\;#1\  (its RFC 2253 form hex-escapes non-ASCII; we keep UTF-8)
    (
        include_str!("../../tests/keys/vectors/x509-dates-names.crt"),
        "CN=Jöhn \\\"JD\\\" \\<Doe\\>\\;#1\\ , DC=com, DC=example, O=Example\\, Inc., OU=R&D, UID=jdoe, \
         emailAddress=jdoe@example.com",
        -631_152_000,
        2_556_144_000,
        "ff0102030405060708090a0b0c0d0e0f1011",
    ),
    // openssl: CN=idp.example.com,UID=idp+OU=Identity,O=Example,C=US (Nov 28 20:58:33 2026 GMT + 3650 days)
    (
        include_str!("../../tests/keys/vectors/x509-multivalued.crt"),
        "C=US, O=Example, OU=Identity+UID=idp, CN=idp.example.com",
        1_795_899_513,
        1_795_899_513 + 3650 * 86_400,
        "2001",
    ),
];

#[test]
fn fields_match_openssl() {
    for &(pem, name, not_before, not_after, serial) in OPENSSL_FIELDS {
        let der = der_of(pem);
        let f = parse_certificate(&der).unwrap();
        assert_eq!((f.subject.as_str(), f.issuer.as_str()), (name, name));
        assert_eq!((f.not_before, f.not_after), (not_before, not_after), "{name}");
        match Certificate::from_der(&der) {
            Ok(c) => {
                assert_eq!(c.serial_hex(), serial, "{name}");
                assert_eq!(
                    (c.subject(), c.issuer(), c.not_before(), c.not_after()),
                    (name, name, not_before, not_after)
                );
                assert_eq!(c.public_key().spki_der(), f.spki);
            }
            // RSA-1024: the reader accepts it, the key policy refuses it.
            Err(e) => assert_eq!((e.code(), serial), ("ERR_KEY_UNSUPPORTED", "1007")),
        }
    }
}

#[test]
fn every_prefix_and_a_trailing_byte_are_refused() {
    for &(pem, ..) in OPENSSL_FIELDS {
        let der = der_of(pem);
        for len in 0..der.len() {
            let prefix = der.get(..len).unwrap();
            assert!(parse_certificate(prefix).is_err(), "prefix of {len} bytes");
        }
        let mut longer = der.clone();
        longer.push(0);
        let err = parse_certificate(&longer).unwrap_err();
        assert_eq!(err, "1 unexpected bytes follow the certificate");
        let err = Certificate::from_der(&longer).unwrap_err();
        assert_eq!(err.code(), "ERR_CERT_INVALID");
    }
}

#[test]
fn every_flipped_byte_is_handled_without_panic() {
    // Bounded work, no panic: each of ~800 single-byte corruptions parses or is refused.
    let der = der_of(OPENSSL_FIELDS.first().unwrap().0);
    for i in 0..der.len() {
        let mut bad = der.clone();
        if let Some(b) = bad.get_mut(i) {
            *b ^= 0xff;
        }
        let _ = Certificate::from_der(&bad);
    }
}

/// The DER of the first test certificate with the first `from` replaced by `to`.
fn patched(from: &[u8], to: &[u8]) -> Vec<u8> {
    let der = der_of(OPENSSL_FIELDS.first().unwrap().0);
    let at = der.windows(from.len()).position(|w| w == from).expect("pattern present");
    let mut out = der.get(..at).unwrap().to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(der.get(at + from.len()..).unwrap());
    out
}

#[test]
fn damaged_fields_are_refused_with_a_detail() {
    let detail = |der: &[u8]| parse_certificate(der).unwrap_err();
    // outer SEQUENCE as SET
    let mut der = der_of(OPENSSL_FIELDS.first().unwrap().0);
    if let Some(b) = der.first_mut() {
        *b = 0x31;
    }
    assert_eq!(detail(&der), "the certificate should be SEQUENCE, found SET");
    // a bad time: notBefore 250101000000Z -> month 13; Z replaced; seconds 60
    assert!(detail(&patched(b"250101000000Z", b"251301000000Z")).contains("notBefore time \"251301000000Z\""));
    assert!(detail(&patched(b"250101000000Z", b"2501010000000")).contains("is not YYMMDDHHMMSSZ"));
    assert!(detail(&patched(b"350101000000Z", b"350101000060Z")).contains("notAfter"));
    // UTCTime retagged as OCTET STRING
    assert_eq!(
        detail(&patched(b"\x17\x0d250101", b"\x04\x0d250101")),
        "the notBefore should be UTCTime or GeneralizedTime, found OCTET STRING"
    );
    // version 3 -> an unknown version 4
    assert_eq!(
        detail(&patched(b"\xa0\x03\x02\x01\x02", b"\xa0\x03\x02\x01\x03")),
        "unknown certificate version (INTEGER 0x03)"
    );
    // version 3 -> 1, but extensions present
    assert_eq!(
        detail(&patched(b"\xa0\x03\x02\x01\x02", b"\xa0\x03\x02\x01\x00")),
        "a version 1 certificate has extensions"
    );
    // serial INTEGER 0x1001 retagged
    assert_eq!(
        detail(&patched(b"\x02\x02\x10\x01", b"\x04\x02\x10\x01")),
        "the serialNumber should be INTEGER, found OCTET STRING"
    );
    // the issuer's CN attribute type retagged as an INTEGER
    let cn = b"\x06\x03\x55\x04\x03";
    let bad_cn = patched(cn, b"\x02\x03\x55\x04\x03");
    assert_eq!(detail(&bad_cn), "the issuer attribute type should be OBJECT IDENTIFIER, found INTEGER");
}

#[test]
fn signature_algorithms_must_agree() {
    // sha256WithRSAEncryption occurs twice (tbs.signature and signatureAlgorithm): change the outer one.
    let oid = b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b";
    let mut der = der_of(OPENSSL_FIELDS.first().unwrap().0);
    let last = der.windows(oid.len()).rposition(|w| w == oid).unwrap();
    if let Some(b) = der.get_mut(last + oid.len() - 1) {
        *b = 0x0c; // sha384WithRSAEncryption
    }
    assert_eq!(
        parse_certificate(&der).unwrap_err(),
        "signatureAlgorithm differs from the tbsCertificate signature field"
    );
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    assert!(content.len() < 128);
    let mut out = alloc::vec![tag, content.len() as u8];
    out.extend_from_slice(content);
    out
}

/// (attribute type OID content, value tag, value content)
type Attribute<'a> = (&'a [u8], u8, &'a [u8]);

fn name_of(rdns: &[&[Attribute<'_>]]) -> Parse<String> {
    let mut seq = Vec::new();
    for rdn in rdns {
        let mut set = Vec::new();
        for (oid, tag, value) in *rdn {
            set.extend(tlv(0x30, &[tlv(0x06, oid), tlv(*tag, value)].concat()));
        }
        seq.extend(tlv(0x31, &set));
    }
    let encoded = tlv(0x30, &seq);
    let tlv = Elements::new(&encoded)?.next("test Name")?;
    name(&tlv, "test")
}

#[test]
fn names_and_string_types() {
    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const O: &[u8] = &[0x55, 0x04, 0x0a];
    assert_eq!(name_of(&[]).unwrap(), "");
    // TeletexString as Latin-1, BMPString as UTF-16BE (with a surrogate pair), PrintableString
    assert_eq!(
        name_of(&[&[(CN, 0x14, b"Caf\xe9")], &[(O, 0x1e, b"\x00A\xd8\x3d\xde\x00")], &[(O, 0x13, b"x")]]).unwrap(),
        "CN=Café, O=A\u{1f600}, O=x"
    );
    // RFC 4514 escapes: leading '#' and ' ', trailing ' ', specials; controls as hex
    assert_eq!(name_of(&[&[(CN, 0x0c, b"#a+b ")]]).unwrap(), "CN=\\#a\\+b\\ ");
    assert_eq!(name_of(&[&[(CN, 0x0c, b" x=y\n")]]).unwrap(), "CN=\\ x=y\\0a");
    // unknown type dotted; non-string value, bad UTF-8 and odd-length BMPString as #hex of the DER
    assert_eq!(
        name_of(&[&[(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x01], 0x02, b"\x05")]]).unwrap(),
        "1.3.6.1.4.1.311.1=#020105"
    );
    assert_eq!(name_of(&[&[(CN, 0x0c, b"\xff")]]).unwrap(), "CN=#0c01ff");
    assert_eq!(name_of(&[&[(CN, 0x1e, b"\x00")]]).unwrap(), "CN=#1e0100");
    // multi-valued RDN
    assert_eq!(name_of(&[&[(CN, 0x0c, b"a"), (O, 0x0c, b"b")]]).unwrap(), "CN=a+O=b");
    // refused: empty RDN, malformed OIDs
    assert_eq!(name_of(&[&[]]).unwrap_err(), "the test has an empty RelativeDistinguishedName");
    assert!(name_of(&[&[(&[0x55, 0x84], 0x0c, b"a")]]).unwrap_err().contains("ends inside an arc"));
    assert!(name_of(&[&[(&[0x55, 0x80, 0x01], 0x0c, b"a")]]).unwrap_err().contains("not minimally encoded"));
    assert!(name_of(&[&[(&[], 0x0c, b"a")]]).unwrap_err().contains("empty"));
}

#[test]
fn oids_in_dotted_form() {
    let dotted = |bytes: &[u8]| {
        let mut out = String::new();
        dotted_oid(&mut out, bytes).map(|()| out)
    };
    assert_eq!(dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(), "1.2.840.113549.1.1.11");
    assert_eq!(dotted(&[0x00]).unwrap(), "0.0");
    assert_eq!(dotted(&[0x88, 0x37, 0x03]).unwrap(), "2.999.3");
    assert_eq!(dotted(&[0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).unwrap(), "2.9223372036854775728");
    assert!(dotted(&[0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).is_err());
}

#[test]
fn times() {
    let t = |tag: u8, text: &str| {
        let encoded = tlv(tag, text.as_bytes());
        let tlv = Elements::new(&encoded).unwrap().next("t").unwrap();
        time(&tlv, "t")
    };
    let (utc, generalized) = (0x17, 0x18);
    assert_eq!(t(utc, "700101000000Z"), Ok(0));
    assert_eq!(t(utc, "691231235959Z"), Ok(-1));
    assert_eq!(t(utc, "500101000000Z"), Ok(-631_152_000));
    assert_eq!(t(utc, "491231235959Z"), Ok(2_524_607_999));
    assert_eq!(t(utc, "000229000000Z"), Ok(951_782_400));
    assert_eq!(t(utc, "240229123456Z"), Ok(1_709_210_096));
    assert_eq!(t(generalized, "20510101000000Z"), Ok(2_556_144_000));
    assert_eq!(t(generalized, "99991231235959Z"), Ok(253_402_300_799));
    for bad in ["230229000000Z", "250001000000Z", "251301000000Z", "250100000000Z", "250431000000Z", "250101240000Z"] {
        assert!(t(utc, bad).is_err(), "{bad}");
    }
    for bad in ["250101006000Z", "250101000060Z", "2501010000Z", "250101000000", "250101000000+0000", "25010100000aZ"] {
        assert!(t(utc, bad).is_err(), "{bad}");
    }
    // GeneralizedTime: no fractional seconds, no local time, four-digit year; 2100 is not leap
    for bad in ["20510101000000.5Z", "20510101000000", "510101000000Z", "21000229000000Z", "-0010101000000Z"] {
        assert!(t(generalized, bad).is_err(), "{bad}");
    }
    assert_eq!(t(generalized, "20000229000000Z"), Ok(951_782_400));
}
