//! A small PEM reader (RFC 7468): finds `-----BEGIN X-----` ... `-----END X-----` blocks
//! in text that may hold anything else (IdP downloads often carry "Bag Attributes"
//! or explanations around the block).

use alloc::string::String;
use alloc::vec::Vec;

use crate::encoding::base64_decode_xml;
use crate::{Error, Result};

/// The block labels we act on; others are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PemLabel {
    /// `CERTIFICATE` (RFC 7468 §5).
    Certificate,
    /// `PUBLIC KEY`, a SubjectPublicKeyInfo (RFC 7468 §13).
    PublicKey,
    /// `PRIVATE KEY`, a PKCS #8 PrivateKeyInfo (RFC 7468 §10); only read by [`private_key_blocks`].
    PrivateKey,
    /// `RSA PRIVATE KEY`, a PKCS #1 RSAPrivateKey; only read by [`private_key_blocks`].
    RsaPrivateKey,
    /// `ENCRYPTED PRIVATE KEY` (RFC 7468 §11); named by [`private_key_blocks`], never decoded.
    EncryptedPrivateKey,
    /// Any other label (private keys, CRLs, ...).
    Other,
}

/// One decoded block.
#[derive(Debug)]
pub(crate) struct PemBlock {
    pub(crate) label: PemLabel,
    pub(crate) der: Vec<u8>,
}

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn invalid(detail: &str) -> Error {
    Error::CertificateInvalid { detail: String::from(detail) }
}

/// True if `input` contains a PEM begin line.
pub(crate) fn looks_like_pem(input: &[u8]) -> bool {
    find(input, BEGIN).is_some()
}

/// Every block of `input`, in order. Bodies of `CERTIFICATE` and `PUBLIC KEY` blocks must be
/// valid base64 (whitespace allowed); other blocks are returned undecoded (empty `der`).
///
/// # Errors
/// [`Error::CertificateInvalid`] for a begin line without its matching end line, or a
/// certificate/public-key body that is not base64 (RFC 7468 §3 headers are not allowed there).
pub(crate) fn pem_blocks(input: &[u8]) -> Result<Vec<PemBlock>> {
    blocks(input, &[PemLabel::Certificate, PemLabel::PublicKey])
}

/// The private-key blocks of `input` (SP decryption keys): `PRIVATE KEY` and `RSA PRIVATE KEY`
/// decoded, `ENCRYPTED PRIVATE KEY` named (undecoded), everything else [`PemLabel::Other`].
#[cfg(feature = "rust-crypto")]
pub(crate) fn private_key_blocks(input: &[u8]) -> Result<Vec<PemBlock>> {
    blocks(input, &[PemLabel::PrivateKey, PemLabel::RsaPrivateKey, PemLabel::EncryptedPrivateKey])
}

/// Every block; those labelled as in `wanted` keep their label (and are decoded, but for an
/// encrypted private key), the others become [`PemLabel::Other`].
fn blocks(input: &[u8], wanted: &[PemLabel]) -> Result<Vec<PemBlock>> {
    let mut out = Vec::new();
    let mut rest = input;
    while let Some(start) = find(rest, BEGIN) {
        let after_begin = rest.get(start + BEGIN.len()..).unwrap_or_default();
        let label_len = find(after_begin, DASHES).ok_or_else(|| invalid("a PEM BEGIN line is not closed by -----"))?;
        let label = after_begin.get(..label_len).unwrap_or_default();
        let body_and_rest = after_begin.get(label_len + DASHES.len()..).unwrap_or_default();

        // The end line must name the same label.
        let mut end_line = Vec::with_capacity(END.len() + label.len() + DASHES.len());
        end_line.extend_from_slice(END);
        end_line.extend_from_slice(label);
        end_line.extend_from_slice(DASHES);
        let body_len = find(body_and_rest, &end_line).ok_or_else(|| invalid("a PEM block has no matching END line"))?;
        let body = body_and_rest.get(..body_len).unwrap_or_default();
        rest = body_and_rest.get(body_len + end_line.len()..).unwrap_or_default();

        let label = match label {
            b"CERTIFICATE" => PemLabel::Certificate,
            b"PUBLIC KEY" => PemLabel::PublicKey,
            b"PRIVATE KEY" => PemLabel::PrivateKey,
            b"RSA PRIVATE KEY" => PemLabel::RsaPrivateKey,
            b"ENCRYPTED PRIVATE KEY" => PemLabel::EncryptedPrivateKey,
            _ => PemLabel::Other,
        };
        let label = if wanted.contains(&label) { label } else { PemLabel::Other };
        let der = if matches!(label, PemLabel::Other | PemLabel::EncryptedPrivateKey) {
            Vec::new()
        } else {
            core::str::from_utf8(body)
                .ok()
                .and_then(base64_decode_xml)
                .ok_or_else(|| invalid("a PEM block body is not valid base64"))?
        };
        out.push(PemBlock { label, der });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_with_text_around() {
        let text = b"Bag Attributes\n-----BEGIN CERTIFICATE-----\r\naGVs\r\nbG8=\r\n-----END CERTIFICATE-----\njunk\n\
                     -----BEGIN PRIVATE KEY-----\n!!notbase64!!\n-----END PRIVATE KEY-----\n\
                     -----BEGIN PUBLIC KEY-----\naGk=\n-----END PUBLIC KEY-----";
        let blocks = pem_blocks(text).unwrap();
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].label, PemLabel::Certificate);
        assert_eq!(blocks[0].der, b"hello");
        assert_eq!(blocks[1].label, PemLabel::Other);
        assert_eq!(blocks[2].label, PemLabel::PublicKey);
        assert_eq!(blocks[2].der, b"hi");
    }

    #[test]
    fn malformed_blocks() {
        for text in [
            &b"-----BEGIN CERTIFICATE-----\naGk=\n"[..],
            b"-----BEGIN CERTIFICATE-----\naGk=\n-----END PUBLIC KEY-----",
            b"-----BEGIN CERTIFICATE",
            b"-----BEGIN CERTIFICATE-----\naGk\n-----END CERTIFICATE-----",
            b"-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\naGk=\n-----END CERTIFICATE-----",
        ] {
            assert_eq!(pem_blocks(text).map_err(|e| e.code()).err(), Some("ERR_CERT_INVALID"));
        }
        assert!(pem_blocks(b"no pem here").unwrap().is_empty());
        assert!(!looks_like_pem(b"MIIB"));
    }
}
