//! `--sp-key FILE` (repeatable): the SP's RSA private keys for encrypted assertions (src/xmlenc),
//! for `verify` and `inspect`. RSA blinding takes the operating system's RNG (getrandom): the
//! core has none.

use saml_edge::saml::{inspect_decrypting, verify_response_decrypting, Inspection, VerifiedResponse, VerifyOptions};
use saml_edge::trust::TrustedKeys;
use saml_edge::xmlenc::DecryptionKeys;
use serde_json::json;

use crate::{args, print_json, read_input, report, Failure};

/// The `--sp-key` files as decryption keys; `None` when none was given. A key that cannot be
/// used is a configuration error, explained like a refusal (exit 2).
pub fn sp_keys(a: &args::Args) -> Result<Option<DecryptionKeys>, Failure> {
    let mut keys = DecryptionKeys::new();
    for path in a.all("sp-key") {
        if let Err(e) = keys.add_pem_or_der(&read_input(path)?) {
            print_json(&json!({ "valid": false, "option": "--sp-key", "file": path, "error": report::error(&e) }));
            return Err(Failure::Config);
        }
    }
    Ok((!keys.is_empty()).then_some(keys))
}

/// `verify` with `--sp-key`.
pub fn verify(
    input: &[u8],
    keys: &TrustedKeys,
    sp_keys: &DecryptionKeys,
    o: &VerifyOptions,
) -> saml_edge::Result<VerifiedResponse> {
    verify_response_decrypting(input, keys, sp_keys, o, &mut getrandom::SysRng)
}

/// `inspect` with `--sp-key`: the document decrypted as far as the keys allow (no signature is
/// checked first: inspection is no verdict).
pub fn inspect(xml_text: &str, sp_keys: &DecryptionKeys, o: &VerifyOptions) -> saml_edge::Result<Inspection> {
    inspect_decrypting(xml_text, sp_keys, o, &mut getrandom::SysRng)
}
