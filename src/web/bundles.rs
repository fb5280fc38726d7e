//! Sealed bundles and work packages at the boundary: the files are JSON text the page
//! downloads and reads back; everything is verified by the engine before it is written.

use super::crypto as web_crypto;
use super::{AuditApp, committed, js_error, new_id, promise, to_js};
use crate::backup::bundle;
use crate::backup::merge::MergeChoice;
use crate::error::{Error, ErrorCode};
use crate::storage::idb::bytes_blob;
use crate::workspace::Context;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[wasm_bindgen]
impl AuditApp {
    /// The whole workspace (no `auditId`) or one audit as a sealed bundle file (JSON
    /// text, `.isms-audit`): every item listed with its SHA-256 in the manifest.
    #[wasm_bindgen(js_name = exportBundle, unchecked_return_type = "Promise<string>")]
    pub fn export_bundle(&self, audit_id: Option<String>) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let by = inner.actor.borrow().clone();
            let text = inner
                .session
                .export_bundle(audit_id.as_deref(), &now(), &by)
                .await
                .map_err(js_error)?;
            Ok(JsValue::from_str(&text))
        })
    }

    /// The work package of team member `member` of audit `auditId`, as a bundle file.
    #[wasm_bindgen(js_name = exportWorkPackage)]
    pub fn export_work_package(&self, audit_id: &str, member: &str) -> Result<String, JsValue> {
        let by = self.inner.actor.borrow().clone();
        let id = new_id().map_err(js_error)?;
        self.inner
            .session
            .export_work_package(audit_id, member, id, &now(), &by)
            .map_err(js_error)
    }

    /// The result package of an audit that came in a work package, as a bundle file.
    #[wasm_bindgen(js_name = exportResultPackage, unchecked_return_type = "Promise<string>")]
    pub fn export_result_package(&self, audit_id: String) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let by = inner.actor.borrow().clone();
            let text = inner
                .session
                .export_result_package(&audit_id, &now(), &by)
                .await
                .map_err(js_error)?;
            Ok(JsValue::from_str(&text))
        })
    }

    /// Verifies a bundle file completely, then takes it in: a whole workspace is restored
    /// (this one must be empty), an audit or a work package is added, and a result
    /// package is only reviewed (merge it with `mergeResultPackage`). Nothing is written
    /// when anything fails; the error names each failed item.
    #[wasm_bindgen(js_name = importBundle, unchecked_return_type = "Promise<Imported>")]
    pub fn import_bundle(&self, text: String) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let ctx = context(&inner.actor.borrow())?;
            let imported = inner
                .session
                .import_bundle(&text, &ctx, |bytes| bytes_blob(&bytes))
                .await
                .map_err(js_error)?;
            if !matches!(imported, crate::storage::bundles::Imported::Result { .. }) {
                committed(&inner);
            }
            to_js(&imported)
        })
    }

    /// Merges the result package in bundle `text` with the lead's choice for each item
    /// changed on both sides: one journal entry, or nothing.
    #[wasm_bindgen(js_name = mergeResultPackage, unchecked_return_type = "Promise<number>")]
    pub fn merge_result_package(
        &self,
        text: String,
        #[wasm_bindgen(unchecked_param_type = "MergeChoice[]")] choices: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let choices: Vec<MergeChoice> =
                serde_wasm_bindgen::from_value(choices).map_err(|e| {
                    js_error(Error::new(
                        ErrorCode::InvalidCommand,
                        format!("The merge choices are not valid: {e}."),
                    ))
                })?;
            let ctx = context(&inner.actor.borrow())?;
            inner
                .session
                .merge_bundle(&text, choices, &ctx, |bytes| bytes_blob(&bytes))
                .await
                .map_err(js_error)?;
            Ok(JsValue::from_f64(committed(&inner) as f64))
        })
    }
}

#[wasm_bindgen]
impl AuditApp {
    /// Whether a file is a bundle sealed under a passphrase (open it with `openBundle`).
    #[wasm_bindgen(js_name = bundleIsSealed)]
    pub fn bundle_is_sealed(text: &str) -> bool {
        bundle::read_envelope(text).is_some()
    }

    /// Seals a bundle file under `passphrase` (AES-256-GCM, the key derived with
    /// PBKDF2-SHA-256 and a random salt).
    #[wasm_bindgen(js_name = sealBundle, unchecked_return_type = "Promise<string>")]
    pub fn seal_bundle(text: String, passphrase: String) -> Promise {
        promise(async move {
            crate::crypto::check_passphrase(&passphrase).map_err(js_error)?;
            let salt = web_crypto::random_bytes(crate::crypto::SALT_LEN).map_err(js_error)?;
            let iterations = crate::crypto::PBKDF2_ITERATIONS;
            let key = web_crypto::derive_key(&passphrase, &salt, iterations)
                .await
                .map_err(js_error)?;
            let sealed = web_crypto::seal(&key, &bundle::envelope_aad(), text.as_bytes())
                .await
                .map_err(js_error)?;
            let envelope = bundle::Envelope {
                salt,
                iterations,
                sealed,
            };
            Ok(JsValue::from_str(&bundle::envelope(&envelope)))
        })
    }

    /// The bundle file inside a sealed one; a wrong passphrase or a changed file is
    /// refused with `wrong_passphrase` (the cipher cannot tell the two apart).
    #[wasm_bindgen(js_name = openBundle, unchecked_return_type = "Promise<string>")]
    pub fn open_bundle(text: String, passphrase: String) -> Promise {
        promise(async move {
            let Some(envelope) = bundle::read_envelope(&text) else {
                return Ok(JsValue::from_str(&text));
            };
            let envelope = envelope.map_err(js_error)?;
            let key = web_crypto::derive_key(&passphrase, &envelope.salt, envelope.iterations)
                .await
                .map_err(js_error)?;
            let plain = web_crypto::open(&key, &bundle::envelope_aad(), &envelope.sealed)
                .await
                .map_err(|_| {
                    js_error(Error::new(
                        ErrorCode::WrongPassphrase,
                        "This passphrase does not open the bundle, or the file was changed. Nothing was imported; check the passphrase and try again.",
                    ))
                })?;
            String::from_utf8(plain)
                .map(|t| JsValue::from_str(&t))
                .map_err(|_| {
                    js_error(Error::new(
                        ErrorCode::InvalidImport,
                        "The opened bundle is not text. Nothing was imported.",
                    ))
                })
        })
    }
}

fn context(actor: &str) -> Result<Context, JsValue> {
    Ok(Context {
        at: chrono::Utc::now(),
        actor: actor.to_string(),
        new_id: new_id().map_err(js_error)?,
    })
}
