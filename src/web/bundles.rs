//! Sealed bundles and work packages at the boundary: the files are JSON text the page
//! downloads and reads back; everything is verified by the engine before it is written.

use super::{AuditApp, committed, js_error, new_id, promise, to_js};
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

fn context(actor: &str) -> Result<Context, JsValue> {
    Ok(Context {
        at: chrono::Utc::now(),
        actor: actor.to_string(),
        new_id: new_id().map_err(js_error)?,
    })
}
