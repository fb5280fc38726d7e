//! Encryption at rest: the key hierarchy, the sealed format and the associated data that
//! binds a sealed value to its place. Pure Rust: the AES-256-GCM and PBKDF2 work itself
//! is WebCrypto's (`src/web/crypto.rs`), so the engine carries no cipher code.
//!
//! The hierarchy: a passphrase derives a key-encryption key (PBKDF2-SHA-256,
//! [`PBKDF2_ITERATIONS`], a random [`SALT_LEN`]-byte salt); a random 256-bit *data key*
//! is sealed ("wrapped") under it, and a second time under a key derived the same way
//! from a random recovery key ([`recovery_key_text`]). The data key seals every record,
//! journal entry and evidence file. Changing the passphrase rewraps the data key only.
//!
//! A sealed value ([`frame`]) is one version byte, a fresh random 12-byte nonce and the
//! AES-256-GCM ciphertext with its 16-byte tag. The associated data names what the value
//! is ([`record_aad`], [`wrap_aad`]), so a value moved to another record, store or
//! purpose fails to open exactly as a changed one does.
//!
//! For other callers (e.g. a passphrase-protected bundle file): derive a key with
//! `web::crypto::derive_key(passphrase, salt, iterations)`, then
//! `web::crypto::seal(&key, aad, bytes)` / `open(&key, aad, sealed)`, with an `aad` of
//! your own that names the file's purpose and version (see [`aad`]).

use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// The version byte every sealed value starts with.
pub const FORMAT_V1: u8 = 1;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
/// AES-256: the data key and every derived key are this many bytes.
pub const KEY_LEN: usize = 32;
pub const SALT_LEN: usize = 16;
/// OWASP's 2023 figure for PBKDF2-HMAC-SHA-256; stored in the keyring, so raising it
/// later leaves existing workspaces readable.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 10;

/// A sealed value split into its parts (see [`frame`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Sealed<'a> {
    pub nonce: &'a [u8],
    /// The ciphertext followed by the GCM tag.
    pub ciphertext: &'a [u8],
}

/// The stored bytes of a sealed value: version, nonce, ciphertext and tag.
pub fn frame(nonce: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + nonce.len() + ciphertext.len());
    out.push(FORMAT_V1);
    out.extend_from_slice(nonce);
    out.extend_from_slice(ciphertext);
    out
}

/// Splits stored bytes into nonce and ciphertext; refuses an unknown version or a value
/// too short to hold a tag (the cipher then checks the rest).
pub fn unframe(bytes: &[u8]) -> Result<Sealed<'_>> {
    match bytes.split_first() {
        Some((&FORMAT_V1, rest)) if rest.len() >= NONCE_LEN + TAG_LEN => {
            let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
            Ok(Sealed { nonce, ciphertext })
        }
        Some((&FORMAT_V1, _)) | None => Err(unreadable("it is cut short")),
        Some((version, _)) => Err(unreadable(&format!(
            "it is sealed in format {version}, which this version does not read"
        ))),
    }
}

/// Associated data: a purpose label, version and the parts that place the value, each
/// length-prefixed so no two different lists give the same bytes.
pub fn aad(purpose: &str, parts: &[&str]) -> Vec<u8> {
    let mut out = b"isms-audit/v1/".to_vec();
    for part in std::iter::once(purpose).chain(parts.iter().copied()) {
        out.extend_from_slice(&(part.len() as u32).to_be_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    out
}

/// The associated data of a stored value: its object store and its key (a record's id,
/// a journal entry's sequence number, an evidence file's id).
pub fn record_aad(store: &str, key: &str) -> Vec<u8> {
    aad("record", &[store, key])
}

/// The associated data of the data key wrapped under a passphrase or the recovery key.
pub fn wrap_aad(by: WrappedBy) -> Vec<u8> {
    aad("data-key", &[by.as_str()])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrappedBy {
    Passphrase,
    Recovery,
}

impl WrappedBy {
    fn as_str(self) -> &'static str {
        match self {
            WrappedBy::Passphrase => "passphrase",
            WrappedBy::Recovery => "recovery",
        }
    }
}

/// The data key wrapped under one secret: the salt its key was derived with and the
/// sealed key, both hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrapping {
    pub salt: String,
    pub sealed: String,
}

/// What an encrypted workspace keeps in clear (in its `meta` store under
/// [`KEYRING_KEY`]): how to derive the keys and the two wrappings of the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Keyring {
    pub format: u8,
    /// Always "PBKDF2-SHA-256" in format 1.
    pub kdf: String,
    pub iterations: u32,
    pub passphrase: Wrapping,
    pub recovery: Wrapping,
    /// The recovery key's text sealed under the data key (hex), so that it can be shown
    /// and printed again while the workspace is unlocked.
    pub recovery_key: String,
}

/// The `meta` key of the keyring.
pub const KEYRING_KEY: &str = "keyring";

impl Keyring {
    pub fn new(
        iterations: u32,
        passphrase: Wrapping,
        recovery: Wrapping,
        recovery_key: String,
    ) -> Self {
        Keyring {
            format: FORMAT_V1,
            kdf: "PBKDF2-SHA-256".to_string(),
            iterations,
            passphrase,
            recovery,
            recovery_key,
        }
    }

    /// Refuses a keyring this version cannot use.
    pub fn check(&self) -> Result<()> {
        if self.format != FORMAT_V1 || self.kdf != "PBKDF2-SHA-256" || self.iterations == 0 {
            return Err(unreadable("its keys were written by another version"));
        }
        Ok(())
    }

    pub fn wrapping(&self, by: WrappedBy) -> &Wrapping {
        match by {
            WrappedBy::Passphrase => &self.passphrase,
            WrappedBy::Recovery => &self.recovery,
        }
    }
}

/// Refuses a passphrase too short to protect anything.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        let mut e = Error::new(
            ErrorCode::InvalidValue,
            format!(
                "The passphrase must be at least {MIN_PASSPHRASE} characters long; a few words make a good one."
            ),
        );
        e.field = Some("passphrase".to_string());
        return Err(e);
    }
    Ok(())
}

/// The one answer to a passphrase or recovery key that does not open the data key: it
/// says nothing about why.
pub fn wrong_secret() -> Error {
    Error::new(
        ErrorCode::WrongPassphrase,
        "That passphrase (or recovery key) is not right. Check it and try again.",
    )
}

/// A stored value that does not open: changed, moved or cut short.
pub fn unreadable(why: &str) -> Error {
    Error::new(
        ErrorCode::CorruptData,
        format!(
            "An encrypted record could not be opened ({why}): it was changed or damaged outside the app. Nothing was changed; restore a backup into a new workspace."
        ),
    )
}

/// Crockford's base-32 alphabet: no I, L, O or U to misread.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A recovery key's 32 random bytes as text a person can print and type: Crockford
/// base-32 in groups of four.
pub fn recovery_key_text(bytes: &[u8]) -> String {
    let mut digits = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            digits.push(BASE32[((acc >> bits) & 31) as usize]);
        }
    }
    if bits > 0 {
        digits.push(BASE32[((acc << (5 - bits)) & 31) as usize]);
    }
    digits
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed recovery key in the one form its key is derived from: upper case, without
/// spaces or dashes, with the letters people confuse read as the digits they stand for.
pub fn normalize_recovery_key(text: &str) -> Result<String> {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' | '\n' | '\r' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if BASE32.contains(&(c as u8)) && c.is_ascii() => c,
            _ => return Err(wrong_secret()),
        };
        out.push(c);
    }
    // 32 bytes are 52 digits.
    if out.len() != 52 {
        return Err(wrong_secret());
    }
    Ok(out)
}

/// Lower-case hex, for the keyring's bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Result<Vec<u8>> {
    if text.len() % 2 != 0 {
        return Err(unreadable("its keyring is damaged"));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&text[i..i + 2], 16)
                .map_err(|_| unreadable("its keyring is damaged"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_refuse_short_or_unknown_values() {
        let framed = frame(&[7; NONCE_LEN], &[9; TAG_LEN + 3]);
        let sealed = unframe(&framed).unwrap();
        assert_eq!(sealed.nonce, &[7; NONCE_LEN]);
        assert_eq!(sealed.ciphertext.len(), TAG_LEN + 3);
        assert!(unframe(&framed[..NONCE_LEN + TAG_LEN]).is_err());
        let mut other = framed.clone();
        other[0] = 2;
        assert!(unframe(&other).is_err());
        assert!(unframe(&[]).is_err());
    }

    #[test]
    fn associated_data_differs_for_every_place() {
        assert_ne!(record_aad("findings", "a"), record_aad("finding", "sa"));
        assert_ne!(record_aad("findings", "a"), record_aad("audits", "a"));
        assert_ne!(
            wrap_aad(WrappedBy::Passphrase),
            wrap_aad(WrappedBy::Recovery)
        );
    }

    #[test]
    fn recovery_keys_read_back_however_typed() {
        let bytes: Vec<u8> = (0..32).map(|i| i * 7 + 3).collect();
        let text = recovery_key_text(&bytes);
        assert_eq!(text.len(), 52 + 12);
        let typed = text.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(
            normalize_recovery_key(&typed).unwrap(),
            text.replace('-', "")
        );
        assert!(normalize_recovery_key("ABCD").is_err());
        assert_eq!(from_hex(&hex(&bytes)).unwrap(), bytes);
    }
}
