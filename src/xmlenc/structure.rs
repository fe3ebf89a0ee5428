//! Reading an `EncryptedAssertion` or `EncryptedID` (SAML core §2.2.4: one `xenc:EncryptedData`,
//! then any number of `xenc:EncryptedKey`s) down to the bytes to decrypt.
//!
//! The `EncryptedKey`s tried for the `EncryptedData` are the ones real IdPs point at
//! (XML Encryption §3.5.1, §3.6):
//! - inside the `EncryptedData`'s `ds:KeyInfo` (Entra, ADFS, SimpleSAMLphp);
//! - a sibling named by a `ds:RetrievalMethod` (`Type` EncryptedKey, `URI="#id"`; Shibboleth's
//!   "peer" placement);
//! - a sibling whose `xenc:CarriedKeyName` equals a `ds:KeyName` of that `KeyInfo`;
//! - a sibling whose `xenc:ReferenceList/xenc:DataReference` names the `EncryptedData`'s `Id`;
//! - with no `KeyInfo` at all, every sibling (SAML core §2.2.4 puts them there for it).
//!
//! A reference is only ever resolved among the wrapper's own children: never elsewhere in the
//! document, never outside it (no `CipherReference`, no external `RetrievalMethod`). Everything
//! refused here is refused from what was sent in the clear, before any key is used.

use alloc::string::String;
use alloc::vec::Vec;

use super::algorithms::{data_algorithm, key_transport, DataAlgorithm, KeyTransport, TYPE_ELEMENT};
use crate::error::{Error, LimitKind, Result};
use crate::limits::Limits;
use crate::ns::{DSIG, XMLENC};
use crate::xml::{Node, NodeKind};

/// `RetrievalMethod/@Type` naming an `EncryptedKey` (XML Encryption §3.5.1).
const TYPE_ENCRYPTED_KEY: &str = "http://www.w3.org/2001/04/xmlenc#EncryptedKey";

/// RSA keys go up to 8192 bits, so an encrypted key is at most 1024 bytes.
const MAX_ENCRYPTED_KEY_BYTES: usize = 1024;

/// One `EncryptedData`, read and checked.
#[derive(Debug, Clone)]
pub(crate) struct EncryptedData {
    /// Its content encryption.
    pub algorithm: DataAlgorithm,
    /// The decoded `CipherValue`: IV, ciphertext (and the GCM tag).
    pub ciphertext: Vec<u8>,
    /// The candidate keys, in the order they are tried.
    pub keys: Vec<EncryptedKey>,
}

/// One `EncryptedKey`: a content key encrypted to (one of) the SP's RSA keys.
#[derive(Debug, Clone)]
pub(crate) struct EncryptedKey {
    /// RSA-OAEP parameters.
    pub transport: KeyTransport,
    /// The decoded `CipherValue`.
    pub cipher: Vec<u8>,
}

fn structure(detail: impl Into<String>) -> Error {
    Error::XmlencStructure { detail: detail.into() }
}

/// Only whitespace and comments may sit between the elements of these structures.
fn check_no_text(n: Node<'_>) -> Result<()> {
    for c in n.children() {
        if c.kind() == NodeKind::Text && !c.text().chars().all(|ch| matches!(ch, ' ' | '\t' | '\n' | '\r')) {
            return Err(structure(alloc::format!("text inside <{}>", n.qname())));
        }
    }
    Ok(())
}

/// The decoded `CipherData/CipherValue` of `parent` (XML Encryption §3.3), bounded by `max`.
fn cipher_value(parent: Node<'_>, max: usize) -> Result<Vec<u8>> {
    let data = exactly_one(parent, XMLENC, "CipherData")?;
    if data.child(XMLENC, "CipherReference").is_some() {
        return Err(structure("CipherReference is not accepted: the ciphertext must be in the message"));
    }
    let value = exactly_one(data, XMLENC, "CipherValue")?;
    if data.element_children().count() != 1 {
        return Err(structure("CipherData must hold exactly one CipherValue"));
    }
    let text = value.text_content();
    // The decoded length from the text (3 bytes per 4 characters, less the padding), judged
    // before decoding anything.
    let significant = text.bytes().filter(|b| !b.is_ascii_whitespace());
    let (count, padding) = significant.fold((0usize, 0usize), |(n, p), b| (n + 1, if b == b'=' { p + 1 } else { 0 }));
    if (count / 4 * 3).saturating_sub(padding) > max {
        return Err(Error::Limit { kind: LimitKind::CiphertextBytes, max });
    }
    crate::encoding::base64_decode_xml(&text).ok_or_else(|| structure("CipherValue is not valid base64"))
}

fn exactly_one<'d>(parent: Node<'d>, ns: &str, local: &str) -> Result<Node<'d>> {
    let mut it = parent.children_named(ns, local);
    match (it.next(), it.next()) {
        (Some(n), None) => Ok(n),
        (None, _) => Err(structure(alloc::format!("<{}> has no {local}", parent.qname()))),
        (Some(_), Some(_)) => Err(structure(alloc::format!("<{}> has more than one {local}", parent.qname()))),
    }
}

/// Reads an `EncryptedKey` element.
fn encrypted_key(k: Node<'_>) -> Result<EncryptedKey> {
    check_no_text(k)?;
    let method = exactly_one(k, XMLENC, "EncryptionMethod")?;
    let transport = key_transport(method)?;
    for c in k.element_children() {
        let known = c.is(XMLENC, "EncryptionMethod")
            || c.is(DSIG, "KeyInfo") // which SP key: informational, every configured key is tried
            || c.is(XMLENC, "CipherData")
            || c.is(XMLENC, "ReferenceList")
            || c.is(XMLENC, "CarriedKeyName")
            || c.is(XMLENC, "EncryptionProperties");
        if !known {
            return Err(structure(alloc::format!("unexpected <{}> in an EncryptedKey", c.qname())));
        }
    }
    let cipher = cipher_value(k, MAX_ENCRYPTED_KEY_BYTES).map_err(|e| match e {
        Error::Limit { .. } => structure("an EncryptedKey's CipherValue is longer than any accepted RSA key"),
        e => e,
    })?;
    Ok(EncryptedKey { transport, cipher })
}

/// Reads the wrapper (`EncryptedAssertion` or `EncryptedID`) down to its `EncryptedData` and
/// the `EncryptedKey`s to try, checking every size limit before anything is decrypted.
pub(crate) fn read<'d>(wrapper: Node<'d>, limits: &Limits) -> Result<EncryptedData> {
    // A signature inside the encrypted structure would be dropped by decryption: refuse it.
    if let Some(s) = wrapper.descendants().find(|n| n.is(DSIG, "Signature")) {
        return Err(Error::DsigMisplaced { parent: s.parent_element().map(|p| p.qname()).unwrap_or_default() });
    }
    check_no_text(wrapper)?;
    let data = exactly_one(wrapper, XMLENC, "EncryptedData")?;
    let siblings: Vec<Node<'d>> = wrapper.children_named(XMLENC, "EncryptedKey").collect();
    for c in wrapper.element_children() {
        if !(c.is(XMLENC, "EncryptedData") || c.is(XMLENC, "EncryptedKey")) {
            return Err(structure(alloc::format!("unexpected <{}> in <{}>", c.qname(), wrapper.qname())));
        }
    }
    if wrapper.element_children().next() != Some(data) {
        return Err(structure(alloc::format!("EncryptedData must come first in <{}>", wrapper.qname())));
    }

    check_no_text(data)?;
    match data.attribute("Type") {
        None | Some(TYPE_ELEMENT) => {}
        Some(t) => return Err(structure(alloc::format!("EncryptedData Type is {t}, expected {TYPE_ELEMENT}"))),
    }
    let method = exactly_one(data, XMLENC, "EncryptionMethod")?;
    let algorithm = data_algorithm(method)?;
    for c in data.element_children() {
        let known = c.is(XMLENC, "EncryptionMethod")
            || c.is(DSIG, "KeyInfo")
            || c.is(XMLENC, "CipherData")
            || c.is(XMLENC, "EncryptionProperties");
        if !known {
            return Err(structure(alloc::format!("unexpected <{}> in EncryptedData", c.qname())));
        }
    }
    let ciphertext = cipher_value(data, limits.max_ciphertext_bytes)?;
    // The plaintext can be no longer than the ciphertext without IV, tag or the least padding:
    // judged before decrypting, so this error says nothing about the padding.
    let longest = ciphertext.len().saturating_sub(algorithm.min_overhead());
    if longest > limits.max_plaintext_bytes {
        return Err(Error::Limit { kind: LimitKind::PlaintextBytes, max: limits.max_plaintext_bytes });
    }

    // The EncryptedKeys for this EncryptedData.
    let mut chosen: Vec<Node<'d>> = Vec::new();
    let add = |n: Node<'d>, chosen: &mut Vec<Node<'d>>| {
        if !chosen.contains(&n) {
            chosen.push(n);
        }
    };
    let key_info = match data.children_named(DSIG, "KeyInfo").count() {
        0 => None,
        1 => data.child(DSIG, "KeyInfo"),
        _ => return Err(structure("EncryptedData has more than one KeyInfo")),
    };
    if let Some(ki) = key_info {
        for c in ki.element_children() {
            if c.is(XMLENC, "EncryptedKey") {
                add(c, &mut chosen);
            } else if c.is(DSIG, "RetrievalMethod") {
                if c.attribute("Type") != Some(TYPE_ENCRYPTED_KEY) {
                    return Err(structure("a RetrievalMethod must have Type EncryptedKey"));
                }
                if c.element_children().next().is_some() {
                    return Err(structure("a RetrievalMethod with Transforms is not accepted"));
                }
                let uri = c.attribute("URI").unwrap_or("");
                let Some(id) = uri.strip_prefix('#').filter(|id| !id.is_empty()) else {
                    return Err(structure(alloc::format!(
                        "RetrievalMethod URI \"{uri}\" is not a reference to a sibling EncryptedKey (#id)"
                    )));
                };
                let mut found = siblings.iter().filter(|k| k.attribute("Id") == Some(id));
                match (found.next(), found.next()) {
                    (Some(k), None) => add(*k, &mut chosen),
                    _ => {
                        return Err(structure(alloc::format!(
                            "RetrievalMethod URI \"{uri}\" names no single EncryptedKey beside the EncryptedData"
                        )))
                    }
                }
            } else if c.is(DSIG, "KeyName") {
                let name = c.text_content();
                let before = chosen.len();
                for k in &siblings {
                    if k.child(XMLENC, "CarriedKeyName").is_some_and(|n| n.text_content() == name) {
                        add(*k, &mut chosen);
                    }
                }
                if chosen.len() == before {
                    return Err(structure(alloc::format!(
                        "KeyName \"{name}\" is the CarriedKeyName of no EncryptedKey beside the EncryptedData"
                    )));
                }
            }
            // Other KeyInfo content (X509Data, ...) only says which SP key: every key is tried.
        }
    }
    let data_id = data.attribute("Id");
    for k in &siblings {
        let refs: Vec<Node<'d>> =
            k.children_named(XMLENC, "ReferenceList").flat_map(|l| l.children_named(XMLENC, "DataReference")).collect();
        let names_us = data_id
            .is_some_and(|id| refs.iter().any(|r| r.attribute("URI").and_then(|u| u.strip_prefix('#')) == Some(id)));
        if names_us || (key_info.is_none() && refs.is_empty()) {
            add(*k, &mut chosen);
        }
    }
    if chosen.is_empty() {
        return Err(structure("no EncryptedKey for the EncryptedData (the SP cannot find the content key)"));
    }
    if chosen.len() > limits.max_encrypted_keys {
        return Err(Error::Limit { kind: LimitKind::EncryptedKeys, max: limits.max_encrypted_keys });
    }
    let keys = chosen.into_iter().map(encrypted_key).collect::<Result<Vec<_>>>()?;
    Ok(EncryptedData { algorithm, ciphertext, keys })
}
