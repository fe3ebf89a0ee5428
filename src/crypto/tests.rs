//! Tests against the committed keys in `tests/keys/` and signatures made by OpenSSL
//! (`tests/keys/vectors/make-vectors.sh`).

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::encoding::{base64_encode, hex_colon_upper};
use crate::Error;

const IDP_RSA: &str = include_str!("../../tests/keys/idp-rsa2048.crt");
const IDP_RSA_NEXT: &str = include_str!("../../tests/keys/idp-rsa2048-next.crt");
const IDP_RSA_EXPIRED: &str = include_str!("../../tests/keys/idp-rsa2048-expired.crt");
const ATTACKER_RSA: &str = include_str!("../../tests/keys/attacker-rsa2048.crt");
const IDP_P256: &str = include_str!("../../tests/keys/idp-ec-p256.crt");
const IDP_P384: &str = include_str!("../../tests/keys/idp-ec-p384.crt");
const WEAK_RSA1024: &str = include_str!("../../tests/keys/weak-rsa1024.crt");

const MESSAGE: &[u8] = include_bytes!("../../tests/keys/vectors/message.txt");
const SIG_RSA_SHA1: &[u8] = include_bytes!("../../tests/keys/vectors/idp-rsa2048.sha1.sig");
const SIG_RSA_SHA256: &[u8] = include_bytes!("../../tests/keys/vectors/idp-rsa2048.sha256.sig");
const SIG_RSA_SHA384: &[u8] = include_bytes!("../../tests/keys/vectors/idp-rsa2048.sha384.sig");
const SIG_RSA_SHA512: &[u8] = include_bytes!("../../tests/keys/vectors/idp-rsa2048.sha512.sig");
const SIG_P256_SHA256: &[u8] = include_bytes!("../../tests/keys/vectors/idp-ec-p256.sha256.sig");
const SIG_P256_SHA512: &[u8] = include_bytes!("../../tests/keys/vectors/idp-ec-p256.sha512.sig");
const SIG_P384_SHA384: &[u8] = include_bytes!("../../tests/keys/vectors/idp-ec-p384.sha384.sig");
const SIG_P384_SHA256: &[u8] = include_bytes!("../../tests/keys/vectors/idp-ec-p384.sha256.sig");
const PUB_RSA: &str = include_str!("../../tests/keys/vectors/idp-rsa2048.pub.pem");
const PUB_P256: &str = include_str!("../../tests/keys/vectors/idp-ec-p256.pub.pem");

const JAN_2025: i64 = 1_735_689_600;
const JAN_2035: i64 = 2_051_222_400;
const JAN_2023: i64 = 1_672_531_200;

fn cert(pem: &str) -> Certificate {
    let mut certs = parse_certificates(pem.as_bytes()).expect("test certificate parses");
    assert_eq!(certs.len(), 1);
    certs.remove(0)
}

/// The base64 body of a one-block PEM.
fn pem_body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect::<Vec<_>>().join("\n")
}

#[test]
fn thumbprints_match_openssl() {
    // `openssl x509 -noout -fingerprint -sha256 -in tests/keys/<name>.crt`
    let cases = [
        (IDP_RSA, "77:3D:2B:FE:CD:34:34:36:0A:08:FE:24:C2:7B:15:74:8D:1C:C6:63:F1:75:2C:A3:02:F6:9A:C8:89:A4:1D:34"),
        (
            IDP_RSA_NEXT,
            "A2:45:CB:88:53:F3:EB:82:01:B2:22:21:E9:63:C7:5B:81:BC:BF:F2:E1:5B:7B:42:38:2B:0D:47:24:C5:E7:86",
        ),
        (
            IDP_RSA_EXPIRED,
            "30:45:53:AB:84:E2:B3:A2:70:79:9B:54:8E:23:95:76:87:F6:2A:41:D6:26:59:56:34:59:6E:EE:A3:9B:D5:D3",
        ),
        (
            ATTACKER_RSA,
            "AE:BE:C7:27:14:60:25:76:39:E6:AE:B6:EE:F6:65:FF:9F:05:BF:F8:1A:90:D6:CB:6E:F5:A1:B8:09:EC:2F:93",
        ),
        (IDP_P256, "FE:58:CA:35:29:C2:CF:C7:DB:A1:15:26:BD:01:48:C7:6D:89:08:0E:ED:AA:F6:94:5C:99:06:07:32:DF:1D:93"),
        (IDP_P384, "CD:ED:A5:06:C3:EA:BE:2D:5E:0B:97:CD:C3:B4:25:DA:48:C4:2E:32:12:E2:CF:7C:18:8A:04:85:42:DD:AC:D7"),
    ];
    for (pem, fingerprint) in cases {
        assert_eq!(hex_colon_upper(&cert(pem).sha256()), fingerprint);
    }
    // `openssl x509 -noout -fingerprint -sha1`
    assert_eq!(hex_colon_upper(&cert(IDP_RSA).sha1()), "4D:69:5F:49:D1:1F:BF:30:DA:D4:5B:55:79:DA:D5:B5:73:1B:A5:97");
}

#[test]
fn certificate_fields() {
    let c = cert(IDP_RSA);
    assert_eq!(c.subject(), "CN=saml-edge test IdP");
    assert_eq!(c.issuer(), "CN=saml-edge test IdP");
    assert_eq!(c.not_before(), JAN_2025);
    assert_eq!(c.not_after(), JAN_2035);
    assert_eq!(c.serial_hex(), "1001");
    assert_eq!(c.public_key().kind(), KeyKind::Rsa);
    assert_eq!(c.public_key().kind_name(), "RSA-2048");
    assert_eq!(c.public_key().bits(), 2048);

    // Expired is not an error: the key is pinned, dates are only reported.
    let e = cert(IDP_RSA_EXPIRED);
    assert_eq!(e.subject(), "CN=saml-edge test IdP (expired)");
    assert_eq!((e.not_before(), e.not_after()), (JAN_2023, JAN_2025));

    // The attacker's look-alike has the same names, but another key and thumbprint.
    let a = cert(ATTACKER_RSA);
    assert_eq!(a.subject(), c.subject());
    assert_ne!(a.public_key(), c.public_key());
    assert_ne!(a, c);
    assert_eq!(cert(IDP_RSA_NEXT).subject(), "CN=saml-edge test IdP (next)");

    let p256 = cert(IDP_P256);
    assert_eq!((p256.public_key().kind(), p256.public_key().kind_name().as_str()), (KeyKind::EcP256, "EC P-256"));
    assert_eq!(p256.serial_hex(), "1005");
    let p384 = cert(IDP_P384);
    assert_eq!((p384.public_key().kind(), p384.public_key().bits()), (KeyKind::EcP384, 384));
}

#[test]
fn certificate_input_forms() {
    let c = cert(IDP_RSA);
    let body = pem_body(IDP_RSA);
    // bare base64 (Entra "Certificate (Base64)" body), with and without line breaks
    assert_eq!(parse_certificates(body.as_bytes()).unwrap(), alloc::vec![c.clone()]);
    assert_eq!(parse_certificates(base64_encode(c.der()).as_bytes()).unwrap(), alloc::vec![c.clone()]);
    assert_eq!(Certificate::from_base64(&body).unwrap(), c);
    assert_eq!(Certificate::from_base64(&alloc::format!("\n    {body}\n  ")).unwrap(), c);
    // raw DER
    assert_eq!(parse_certificates(c.der()).unwrap(), alloc::vec![c.clone()]);
    // several PEM blocks with text and a private key around them
    let bundle = alloc::format!(
        "subject=CN = saml-edge test IdP\r\n{IDP_RSA}\r\n-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\nnote\n{IDP_P256}"
    );
    let certs = parse_certificates(bundle.as_bytes()).unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0], c);
    assert_eq!(certs[1].public_key().kind(), KeyKind::EcP256);
}

#[test]
fn certificate_garbage_is_refused() {
    let der = cert(IDP_RSA).der().to_vec();
    let mut trailing = der.clone();
    trailing.push(0);
    let truncated = &der[..der.len() - 1];
    let inputs: [&[u8]; 8] =
        [b"", b"   \n", b"not a certificate", b"MIIB", &trailing, truncated, PUB_RSA.as_bytes(), &[0xff, 0xfe, 0x00]];
    for input in inputs {
        assert_eq!(parse_certificates(input).map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"), "{input:?}");
    }
    assert_eq!(Certificate::from_der(truncated).map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"));
    assert_eq!(Certificate::from_base64("MII=").map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"));
    // One bad block fails the whole bundle: no certificate is silently skipped.
    let bundle = alloc::format!("{IDP_RSA}\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    assert!(parse_certificates(bundle.as_bytes()).is_err());
}

#[test]
fn weak_rsa_is_read_but_pinned_only_by_the_legacy_opt_in() {
    use crate::trust::TrustedKeys;
    let certs = parse_certificates(WEAK_RSA1024.as_bytes()).unwrap();
    assert_eq!(certs[0].public_key().kind_name(), "RSA-1024");
    let der = crate::encoding::base64_decode_xml(&pem_body(WEAK_RSA1024)).unwrap();
    assert_eq!(Certificate::from_der(&der).unwrap(), certs[0]);

    // The default policy refuses it, naming the opt-in; nothing is pinned from a bundle that holds it.
    let err = TrustedKeys::from_pem_or_der(WEAK_RSA1024.as_bytes()).unwrap_err();
    assert_eq!(err.code(), "ERR_KEY_UNSUPPORTED");
    let Error::KeyUnsupported { detail } = err else { panic!() };
    assert!(detail.contains("1024 bits") && detail.contains("minRsaBits"), "{detail}");
    let bundle = alloc::format!("{IDP_RSA}\n{WEAK_RSA1024}");
    let mut keys = TrustedKeys::new();
    assert_eq!(keys.add_pem_or_der(bundle.as_bytes()).map_err(|e| e.code()), Err("ERR_KEY_UNSUPPORTED"));
    assert!(keys.is_empty());
    assert_eq!(keys.add_key(certs[0].public_key().clone()).map_err(|e| e.code()), Err("ERR_KEY_UNSUPPORTED"));

    // The opt-in pins it (and 2048-bit keys as before); the minimum is 1024..=8192.
    let mut legacy = TrustedKeys::with_min_rsa_bits(1024).unwrap();
    legacy.add_pem_or_der(bundle.as_bytes()).unwrap();
    assert_eq!(legacy.len(), 2);
    assert!(TrustedKeys::is_legacy(legacy.iter().nth(1).unwrap().key()));
    assert!(!TrustedKeys::is_legacy(legacy.iter().next().unwrap().key()));
    let strict = TrustedKeys::with_min_rsa_bits(3072).unwrap();
    assert_eq!(strict.clone().add_pem_or_der(IDP_RSA.as_bytes()).map_err(|e| e.code()), Err("ERR_KEY_UNSUPPORTED"));
    for bad in [0, 512, 1023, 8193] {
        assert_eq!(TrustedKeys::with_min_rsa_bits(bad).map(|_| ()).map_err(|e| e.code()), Err("ERR_CONFIG_INVALID"));
    }
    assert_eq!(TrustedKeys::new().min_rsa_bits(), 2048);
}

#[test]
fn bare_public_keys() {
    let from_pem = PublicKey::from_pem(PUB_RSA).unwrap();
    let c = cert(IDP_RSA);
    assert_eq!(&from_pem, c.public_key());
    assert_eq!(from_pem.spki_sha256(), c.public_key().spki_sha256());
    assert_eq!(from_pem.verify(SignatureAlgorithm::RsaSha256, MESSAGE, SIG_RSA_SHA256), Ok(true));
    let ec = PublicKey::from_pem(PUB_P256).unwrap();
    assert_eq!(&ec, cert(IDP_P256).public_key());
    assert_eq!(PublicKey::from_spki_der(ec.spki_der()).unwrap(), ec);
    assert_eq!(PublicKey::from_pem(IDP_RSA).map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"));
}

#[test]
fn rsa_verifies_openssl_signatures() {
    use SignatureAlgorithm::*;
    let c = cert(IDP_RSA);
    let key = c.public_key();
    let cases = [
        (RsaSha1, SIG_RSA_SHA1),
        (RsaSha256, SIG_RSA_SHA256),
        (RsaSha384, SIG_RSA_SHA384),
        (RsaSha512, SIG_RSA_SHA512),
    ];
    for (alg, sig) in cases {
        assert_eq!(key.verify(alg, MESSAGE, sig), Ok(true), "{alg:?}");
        // prehashed through the streaming hasher
        let mut h = Hasher::new(alg.digest());
        h.update(MESSAGE);
        assert_eq!(key.verify_prehashed(alg, &h.finish(), sig), Ok(true));
        // a modified message fails
        let mut msg = MESSAGE.to_vec();
        msg[0] ^= 1;
        assert_eq!(key.verify(alg, &msg, sig), Ok(false));
        // a modified signature fails
        let mut bad = sig.to_vec();
        bad[100] ^= 0x40;
        assert_eq!(key.verify(alg, MESSAGE, &bad), Ok(false));
        // wrong lengths fail (RFC 8017 §8.2.2 step 1)
        assert_eq!(key.verify(alg, MESSAGE, &sig[1..]), Ok(false));
        assert_eq!(key.verify(alg, MESSAGE, &[]), Ok(false));
        let mut longer = alloc::vec![0u8];
        longer.extend_from_slice(sig);
        assert_eq!(key.verify(alg, MESSAGE, &longer), Ok(false));
    }
    // the digest prefix binds the hash: a SHA-256 signature is not a SHA-512 one
    assert_eq!(key.verify(RsaSha512, MESSAGE, SIG_RSA_SHA256), Ok(false));
    // the look-alike key does not verify the IdP's signature
    assert_eq!(cert(ATTACKER_RSA).public_key().verify(RsaSha256, MESSAGE, SIG_RSA_SHA256), Ok(false));
    // a prehash of the wrong length is a failure, not a panic
    assert_eq!(key.verify_prehashed(RsaSha256, &[0u8; 20], SIG_RSA_SHA256), Ok(false));
}

#[test]
fn ecdsa_verifies_openssl_signatures() {
    use SignatureAlgorithm::*;
    let p256 = cert(IDP_P256);
    let p384 = cert(IDP_P384);
    let cases = [
        (p256.public_key(), EcdsaSha256, SIG_P256_SHA256),
        (p256.public_key(), EcdsaSha512, SIG_P256_SHA512),
        (p384.public_key(), EcdsaSha384, SIG_P384_SHA384),
        (p384.public_key(), EcdsaSha256, SIG_P384_SHA256),
    ];
    for (key, alg, sig) in cases {
        assert_eq!(key.verify(alg, MESSAGE, sig), Ok(true), "{} {alg:?}", key.kind_name());
        let mut msg = MESSAGE.to_vec();
        msg.push(b' ');
        assert_eq!(key.verify(alg, &msg, sig), Ok(false));
        let mut bad = sig.to_vec();
        bad[5] ^= 1;
        assert_eq!(key.verify(alg, MESSAGE, &bad), Ok(false));
        // raw r||s has a fixed width; DER-ish lengths or zero-stripped values are refused
        assert_eq!(key.verify(alg, MESSAGE, &sig[1..]), Ok(false));
        let mut longer = sig.to_vec();
        longer.push(0);
        assert_eq!(key.verify(alg, MESSAGE, &longer), Ok(false));
        assert_eq!(key.verify(alg, MESSAGE, &alloc::vec![0u8; sig.len()]), Ok(false));
        assert_eq!(key.verify(alg, MESSAGE, &alloc::vec![0xffu8; sig.len()]), Ok(false));
    }
    // a P-256 signature is not a P-384 one
    assert_eq!(p384.public_key().verify(EcdsaSha256, MESSAGE, SIG_P256_SHA256), Ok(false));
}

#[test]
fn key_type_mismatch() {
    use SignatureAlgorithm::*;
    let rsa = cert(IDP_RSA);
    let ec = cert(IDP_P256);
    assert_eq!(
        rsa.public_key().verify(EcdsaSha256, MESSAGE, SIG_P256_SHA256),
        Err(Error::DsigKeyMismatch { algorithm: String::from("ECDSA-SHA256") })
    );
    assert_eq!(
        ec.public_key().verify(RsaSha256, MESSAGE, SIG_RSA_SHA256).map_err(|e| e.code()),
        Err("ERR_DSIG_KEY_MISMATCH")
    );
    assert!(rsa.public_key().supports(RsaSha1) && !rsa.public_key().supports(EcdsaSha1));
}

#[test]
fn constant_time_comparison() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(constant_time_eq(b"", b""));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"ab"));
}

const PUB_P521: &str = include_str!("../../tests/keys/vectors/refused-ec-p521.pub.pem");
const PUB_SECP256K1: &str = include_str!("../../tests/keys/vectors/refused-secp256k1.pub.pem");
const PUB_ED25519: &str = include_str!("../../tests/keys/vectors/refused-ed25519.pub.pem");
const PUB_RSA_PSS: &str = include_str!("../../tests/keys/vectors/refused-rsa-pss.pub.pem");

fn unsupported_detail(r: crate::Result<PublicKey>) -> String {
    match r {
        Err(Error::KeyUnsupported { detail }) => detail,
        other => panic!("expected KeyUnsupported, got {other:?}"),
    }
}

#[test]
fn other_key_types_are_refused() {
    assert!(unsupported_detail(PublicKey::from_pem(PUB_P521)).contains("P-521"));
    assert!(unsupported_detail(PublicKey::from_pem(PUB_SECP256K1)).contains("secp256k1"));
    assert!(unsupported_detail(PublicKey::from_pem(PUB_ED25519)).contains("Ed25519"));
    assert!(unsupported_detail(PublicKey::from_pem(PUB_RSA_PSS)).contains("RSASSA-PSS"));
}

/// DER TLV with a definite length.
fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = alloc::vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(body);
    out
}

/// A SubjectPublicKeyInfo for rsaEncryption with the given modulus and exponent bytes.
fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let mut b = Vec::new();
        if v.first().is_some_and(|f| f & 0x80 != 0) {
            b.push(0);
        }
        b.extend_from_slice(v);
        tlv(0x02, &b)
    };
    let rsa_key = tlv(0x30, &[int(n), int(e)].concat());
    let alg = tlv(
        0x30,
        &[tlv(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]), alloc::vec![0x05, 0x00]].concat(),
    );
    let bits = tlv(0x03, &[&[0u8][..], &rsa_key].concat());
    tlv(0x30, &[alg, bits].concat())
}

#[test]
fn rsa_size_and_exponent_limits() {
    // an odd modulus of exactly `bits` bits (not a real key: only the checks are exercised)
    let modulus = |bits: usize| {
        let mut n = alloc::vec![0xa5u8; bits.div_ceil(8)];
        let top = bits % 8;
        n[0] = if top == 0 { 0xc3 } else { (0xff >> (8 - top)) | (1 << (top - 1)) };
        *n.last_mut().unwrap() |= 1;
        n
    };
    let e = [0x01, 0x00, 0x01];
    assert!(PublicKey::from_spki_der(&rsa_spki(&modulus(2048), &[0x03])).is_ok());
    // 1024..2047 bits are read; only a lowered TrustedKeys minimum pins them (tests/trust below).
    for bits in [1024, 1536, 2047, 2048, 3072, 4096, 8192] {
        let key = PublicKey::from_spki_der(&rsa_spki(&modulus(bits), &e)).unwrap();
        assert_eq!(key.bits(), bits);
        assert_eq!(key.kind_name(), alloc::format!("RSA-{bits}"));
    }
    for bits in [512, 1023, 8193, 9000] {
        let detail = unsupported_detail(PublicKey::from_spki_der(&rsa_spki(&modulus(bits), &e)));
        assert!(detail.contains(&alloc::format!("{bits} bits")), "{detail}");
    }
    // non-minimal INTEGER encodings are not DER
    let mut padded = alloc::vec![0u8, 0];
    padded.extend_from_slice(&modulus(2048));
    assert_eq!(PublicKey::from_spki_der(&rsa_spki(&padded, &e)).map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"));
    // exponents outside the rsa crate's sanity range, or even moduli
    for bad_e in [&[0x01][..], &[0x02], &[0x04, 0x00], &[0x00], &[0x02, 0x00, 0x00, 0x00, 0x01]] {
        assert_eq!(
            PublicKey::from_spki_der(&rsa_spki(&modulus(2048), bad_e)).map_err(|e| e.code()).err(),
            Some("ERR_KEY_UNSUPPORTED"),
            "{bad_e:?}"
        );
    }
    let mut even = modulus(2048);
    *even.last_mut().unwrap() &= 0xfe;
    assert_eq!(PublicKey::from_spki_der(&rsa_spki(&even, &e)).map_err(|e| e.code()).err(), Some("ERR_KEY_UNSUPPORTED"));
    // the DER must be exactly one SPKI
    let mut trailing = rsa_spki(&modulus(2048), &e);
    trailing.push(0);
    assert_eq!(PublicKey::from_spki_der(&trailing).map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"));
}

/// Our PKCS#1 v1.5 verifier (src/crypto/rsa_pkcs1.rs) on keys of other shapes and on
/// encoded messages one defect away from valid (tests/keys/vectors/make-rsa-edge.sh);
/// every outcome must also be the `rsa` crate's, the reference it replaced.
#[test]
fn rsa_edge_vectors() {
    macro_rules! v {
        ($f:literal) => {
            include_bytes!(concat!("../../tests/keys/vectors/", $f)).as_slice()
        };
    }
    let keys = [
        ("e3-3072", v!("rsa-e3-3072.pub.pem")),
        ("odd-2056", v!("rsa-odd-2056.pub.pem")),
        ("4096", v!("rsa-4096.pub.pem")),
    ];
    let cases: [(&str, &[u8], bool); 11] = [
        ("e3-3072", v!("rsa-e3-3072.valid.sig"), true),
        ("odd-2056", v!("rsa-odd-2056.valid.sig"), true),
        ("4096", v!("rsa-4096.valid.sig"), true),
        ("e3-3072", v!("rsa-e3-3072.reencoded.sig"), true),
        ("e3-3072", v!("rsa-e3-3072.block-type-2.sig"), false),
        ("e3-3072", v!("rsa-e3-3072.ps-not-ff.sig"), false),
        ("e3-3072", v!("rsa-e3-3072.garbage-after-hash.sig"), false),
        ("e3-3072", v!("rsa-e3-3072.no-null-params.sig"), false),
        ("e3-3072", v!("rsa-e3-3072.no-zero-separator.sig"), false),
        // s + n: the same residue as a valid signature, refused only by "s < n" (§8.2.2 step 2a)
        ("odd-2056", v!("rsa-odd-2056.plus-n.sig"), false),
        // a valid signature under another key of the same size
        ("e3-3072", v!("rsa-4096.valid.sig"), false),
    ];
    let reference = |pem: &[u8], sig: &[u8]| {
        use rsa::pkcs8::DecodePublicKey as _;
        let key = rsa::PublicKey::from_public_key_pem(core::str::from_utf8(pem).unwrap()).unwrap();
        let hashed = digest(DigestAlgorithm::Sha256, MESSAGE);
        key.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &hashed, sig).is_ok()
    };
    for (name, sig, expected) in cases {
        let pem = keys.iter().find(|k| k.0 == name).unwrap().1;
        let key = PublicKey::from_pem(core::str::from_utf8(pem).unwrap()).unwrap();
        assert_eq!(key.verify(SignatureAlgorithm::RsaSha256, MESSAGE, sig), Ok(expected), "{name} {expected}");
        assert_eq!(reference(pem, sig), expected, "the rsa crate disagrees on {name} {expected}");
        if expected {
            // the same integer in k + 1 octets is refused (RFC 8017 §8.2.2 step 1: exactly k)
            let longer = [&[0u8][..], sig].concat();
            assert_eq!(key.verify(SignatureAlgorithm::RsaSha256, MESSAGE, &longer), Ok(false), "{name} k+1");
            // every single-bit change in the signature is refused
            for i in (0..sig.len() * 8).step_by(61) {
                let mut bad = sig.to_vec();
                bad[i / 8] ^= 1 << (i % 8);
                assert_eq!(key.verify(SignatureAlgorithm::RsaSha256, MESSAGE, &bad), Ok(false), "{name} bit {i}");
            }
        }
    }
    // s >= n is refused before exponentiation (RFC 8017 §8.2.2 step 2a)
    let key = PublicKey::from_pem(core::str::from_utf8(keys[0].1).unwrap()).unwrap();
    assert_eq!(key.verify(SignatureAlgorithm::RsaSha256, MESSAGE, &[0xff; 384]), Ok(false));
}

/// A DER certificate whose extension quotes another certificate as PEM (built by hand after
/// fuzz target x509 found DER read as PEM; tests/fuzz_regressions.rs has how): it is read as
/// itself, with the IdP's key, never as the attacker's certificate it quotes.
#[test]
fn der_quoting_pem_is_read_as_der() {
    let der: &[u8] = include_bytes!("../../tests/fuzz/x509-der-embedding-another-certificate-as-pem");
    let outer = Certificate::from_der(der).unwrap();
    assert_eq!(outer.public_key(), cert(IDP_RSA).public_key());
    assert_eq!(parse_certificates(der).unwrap(), alloc::vec![outer.clone()]);
    let keys = crate::trust::TrustedKeys::from_pem_or_der(der).unwrap();
    assert!(keys.matches_certificate(&outer));
    assert!(!keys.matches_certificate(&cert(ATTACKER_RSA)));
}
