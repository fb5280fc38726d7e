//! WebCrypto for encryption at rest: key derivation and AES-256-GCM sealing in the
//! format of [`crate::crypto`]. This is the API other features use to seal bytes under
//! a passphrase:
//!
//! ```ignore
//! let salt = random_bytes(crypto::SALT_LEN)?;
//! let key = derive_key(passphrase, &salt, crypto::PBKDF2_ITERATIONS).await?;
//! let sealed = seal(&key, &crypto::aad("bundle", &[]), &bytes).await?;
//! let bytes = open(&key, &crypto::aad("bundle", &[]), &sealed).await?; // or CorruptData
//! ```
//!
//! Keep the salt and iteration count beside the sealed bytes; the associated data is not
//! stored, the reader must build the same.

use crate::crypto::{self, Keyring, WrappedBy, Wrapping};
use crate::error::{Error, ErrorCode, Result};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/web/crypto.js")]
extern "C" {
    #[wasm_bindgen(js_name = randomBytes, catch)]
    fn random_bytes_js(n: u32) -> std::result::Result<Uint8Array, JsValue>;
    #[wasm_bindgen(js_name = deriveKey)]
    fn derive_key_js(secret: &str, salt: &[u8], iterations: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = importKey)]
    fn import_key_js(raw: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_name = encrypt)]
    fn encrypt_js(key: &JsValue, nonce: &[u8], aad: &[u8], plain: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_name = decrypt)]
    fn decrypt_js(key: &JsValue, nonce: &[u8], aad: &[u8], ciphertext: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_name = sealValues)]
    fn seal_values_js(key: &JsValue, aads: &Array, values: &Array) -> js_sys::Promise;
    #[wasm_bindgen(js_name = openValues)]
    fn open_values_js(
        key: &JsValue,
        aads: &Array,
        sealed: &Array,
        as_bytes: bool,
    ) -> js_sys::Promise;
}

/// An AES-256-GCM key held by WebCrypto (not extractable: its bytes never reach the
/// engine or the page).
#[derive(Clone)]
pub struct CipherKey(JsValue);

fn crypto_error(action: &str, e: JsValue) -> Error {
    let detail = js_sys::Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    Error::new(
        ErrorCode::Unsupported,
        format!("The browser could not {action} (WebCrypto: {detail}). Nothing was changed."),
    )
}

/// `n` random bytes from the browser's cryptographic generator.
pub fn random_bytes(n: usize) -> Result<Vec<u8>> {
    random_bytes_js(n as u32)
        .map(|a| a.to_vec())
        .map_err(|e| crypto_error("make random bytes", e))
}

/// The key a secret derives with PBKDF2-SHA-256 (`iterations` rounds, `salt`).
pub async fn derive_key(secret: &str, salt: &[u8], iterations: u32) -> Result<CipherKey> {
    JsFuture::from(derive_key_js(secret, salt, iterations))
        .await
        .map(CipherKey)
        .map_err(|e| crypto_error("derive a key from the passphrase", e))
}

async fn import_key(raw: &[u8]) -> Result<CipherKey> {
    JsFuture::from(import_key_js(raw))
        .await
        .map(CipherKey)
        .map_err(|e| crypto_error("load the data key", e))
}

/// Seals `plain` with a fresh random nonce, bound to `aad` (see [`crypto::frame`]).
pub async fn seal(key: &CipherKey, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
    let nonce = random_bytes(crypto::NONCE_LEN)?;
    let sealed = JsFuture::from(encrypt_js(&key.0, &nonce, aad, plain))
        .await
        .map_err(|e| crypto_error("encrypt", e))?;
    Ok(crypto::frame(&nonce, &Uint8Array::new(&sealed).to_vec()))
}

/// Opens what [`seal`] wrote under the same key and `aad`; anything changed, moved or
/// sealed under another key is `corrupt_data`.
pub async fn open(key: &CipherKey, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>> {
    let parts = crypto::unframe(sealed)?;
    JsFuture::from(decrypt_js(&key.0, parts.nonce, aad, parts.ciphertext))
        .await
        .map(|plain| Uint8Array::new(&plain).to_vec())
        .map_err(|_| crypto::unreadable("it does not match its key or its place"))
}

/// Seals many JSON-shaped values (or `Uint8Array`s) at once, each with its own `aad`.
pub async fn seal_values(key: &CipherKey, aads: &[Vec<u8>], values: &Array) -> Result<Array> {
    let aads: Array = aads
        .iter()
        .map(|a| JsValue::from(Uint8Array::from(&a[..])))
        .collect();
    JsFuture::from(seal_values_js(&key.0, &aads, values))
        .await
        .map(|a| a.unchecked_into())
        .map_err(|e| crypto_error("encrypt", e))
}

/// Opens many sealed values at once: parsed JSON (or bytes with `as_bytes`), `null`
/// where one does not open.
pub async fn open_values(
    key: &CipherKey,
    aads: &[Vec<u8>],
    sealed: &Array,
    as_bytes: bool,
) -> Result<Array> {
    let aads: Array = aads
        .iter()
        .map(|a| JsValue::from(Uint8Array::from(&a[..])))
        .collect();
    JsFuture::from(open_values_js(&key.0, &aads, sealed, as_bytes))
        .await
        .map(|a| a.unchecked_into())
        .map_err(|e| crypto_error("decrypt", e))
}

/// A new data key, its keyring (wrapped under `passphrase` and under a new recovery
/// key) and the recovery key's text for the user to keep.
pub async fn new_keyring(passphrase: &str) -> Result<(Keyring, CipherKey, String)> {
    crypto::check_passphrase(passphrase)?;
    let raw = random_bytes(crypto::KEY_LEN)?;
    let recovery = crypto::recovery_key_text(&random_bytes(crypto::KEY_LEN)?);
    let iterations = crypto::PBKDF2_ITERATIONS;
    let by_passphrase = wrap(&raw, passphrase, iterations, WrappedBy::Passphrase).await?;
    let secret = crypto::normalize_recovery_key(&recovery)?;
    let by_recovery = wrap(&raw, &secret, iterations, WrappedBy::Recovery).await?;
    let key = import_key(&raw).await?;
    let recovery_sealed =
        seal(&key, &crypto::aad("recovery-key", &[]), recovery.as_bytes()).await?;
    let keyring = Keyring::new(
        iterations,
        by_passphrase,
        by_recovery,
        crypto::hex(&recovery_sealed),
    );
    Ok((keyring, key, recovery))
}

async fn wrap(raw: &[u8], secret: &str, iterations: u32, by: WrappedBy) -> Result<Wrapping> {
    let salt = random_bytes(crypto::SALT_LEN)?;
    let kek = derive_key(secret, &salt, iterations).await?;
    let sealed = seal(&kek, &crypto::wrap_aad(by), raw).await?;
    Ok(Wrapping {
        salt: crypto::hex(&salt),
        sealed: crypto::hex(&sealed),
    })
}

/// The data key's bytes, unwrapped with `secret`: the passphrase or, if it reads as
/// one, the recovery key. Anything else is `wrong_passphrase`, saying nothing more.
async fn unwrap_raw(keyring: &Keyring, secret: &str) -> Result<Vec<u8>> {
    keyring.check()?;
    let mut tries = vec![(WrappedBy::Passphrase, secret.to_string())];
    if let Ok(recovery) = crypto::normalize_recovery_key(secret) {
        tries.push((WrappedBy::Recovery, recovery));
    }
    for (by, secret) in tries {
        let wrapping = keyring.wrapping(by);
        let kek = derive_key(
            &secret,
            &crypto::from_hex(&wrapping.salt)?,
            keyring.iterations,
        )
        .await?;
        let sealed = crypto::from_hex(&wrapping.sealed)?;
        if let Ok(raw) = open(&kek, &crypto::wrap_aad(by), &sealed).await {
            return Ok(raw);
        }
    }
    Err(crypto::wrong_secret())
}

/// The data key, opened with the passphrase or the recovery key.
pub async fn unlock(keyring: &Keyring, secret: &str) -> Result<CipherKey> {
    import_key(&unwrap_raw(keyring, secret).await?).await
}

/// The keyring with the data key wrapped under `new_passphrase` instead (the current
/// passphrase or the recovery key proves the right to): no record is rewritten.
pub async fn rewrap(keyring: &Keyring, current: &str, new_passphrase: &str) -> Result<Keyring> {
    crypto::check_passphrase(new_passphrase)?;
    let raw = unwrap_raw(keyring, current).await?;
    let mut changed = keyring.clone();
    changed.passphrase = wrap(
        &raw,
        new_passphrase,
        keyring.iterations,
        WrappedBy::Passphrase,
    )
    .await?;
    Ok(changed)
}

/// The recovery key's text, for showing and printing while the workspace is unlocked.
pub async fn recovery_key(keyring: &Keyring, key: &CipherKey) -> Result<String> {
    let sealed = crypto::from_hex(&keyring.recovery_key)?;
    let text = open(key, &crypto::aad("recovery-key", &[]), &sealed).await?;
    String::from_utf8(text).map_err(|_| crypto::unreadable("its recovery key is damaged"))
}
