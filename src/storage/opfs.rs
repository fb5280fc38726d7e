//! The safety copy's files (see [`super::mirror`]) in the browser's Origin Private File
//! System, through the small JS layer in `opfs.js`.

use super::mirror::CopyFiles;
use crate::error::{Error, ErrorCode, Result};
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/storage/opfs.js")]
extern "C" {
    #[wasm_bindgen(js_name = openCopy)]
    fn open_copy(workspace: &str) -> Promise;
    #[wasm_bindgen(js_name = deleteCopy)]
    fn delete_copy(workspace: &str) -> Promise;
    fn generations(dir: &JsValue) -> Promise;
    fn names(dir: &JsValue, generation: u32) -> Promise;
    #[wasm_bindgen(js_name = readText)]
    fn read_text(dir: &JsValue, generation: u32, name: &str) -> Promise;
    #[wasm_bindgen(js_name = writeText)]
    fn write_text(dir: &JsValue, generation: u32, name: &str, text: &str) -> Promise;
    #[wasm_bindgen(js_name = renameFile)]
    fn rename_file(dir: &JsValue, generation: u32, from: &str, to: &str) -> Promise;
    #[wasm_bindgen(js_name = removeGeneration)]
    fn remove_generation(dir: &JsValue, generation: u32) -> Promise;
}

/// One workspace's directory of copy files.
pub struct OpfsFiles {
    dir: JsValue,
}

impl OpfsFiles {
    /// The copy directory of workspace `name`; an error where the browser offers no
    /// OPFS here (e.g. a page opened from a file).
    pub async fn open(name: &str) -> Result<OpfsFiles> {
        let dir = call("open the safety copy", open_copy(name)).await?;
        Ok(OpfsFiles { dir })
    }

    /// Deletes workspace `name`'s copy (with the workspace).
    pub async fn delete(name: &str) -> Result<()> {
        call("delete the safety copy", delete_copy(name))
            .await
            .map(|_| ())
    }
}

impl CopyFiles for OpfsFiles {
    async fn generations(&self) -> Result<Vec<u32>> {
        let list = call("read the safety copy", generations(&self.dir)).await?;
        Ok(Array::from(&list)
            .iter()
            .filter_map(|v| v.as_f64())
            .map(|v| v as u32)
            .collect())
    }

    async fn names(&self, generation: u32) -> Result<Vec<String>> {
        let list = call("read the safety copy", names(&self.dir, generation)).await?;
        Ok(Array::from(&list)
            .iter()
            .filter_map(|v| v.as_string())
            .collect())
    }

    async fn read(&self, generation: u32, name: &str) -> Result<String> {
        let text = call(
            "read the safety copy",
            read_text(&self.dir, generation, name),
        )
        .await?;
        Ok(text.as_string().unwrap_or_default())
    }

    async fn write(&self, generation: u32, name: &str, text: &str) -> Result<()> {
        call(
            "write the safety copy",
            write_text(&self.dir, generation, name, text),
        )
        .await
        .map(|_| ())
    }

    async fn rename(&self, generation: u32, from: &str, to: &str) -> Result<()> {
        call(
            "write the safety copy",
            rename_file(&self.dir, generation, from, to),
        )
        .await
        .map(|_| ())
    }

    async fn remove(&self, generation: u32) -> Result<()> {
        call(
            "clear the safety copy",
            remove_generation(&self.dir, generation),
        )
        .await
        .map(|_| ())
    }
}

async fn call(action: &str, promise: Promise) -> Result<JsValue> {
    JsFuture::from(promise).await.map_err(|e| {
        let field = |k: &str| {
            Reflect::get(&e, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let (name, message) = (field("name"), field("message"));
        let code = if name == "QuotaExceededError" {
            ErrorCode::QuotaExceeded
        } else {
            ErrorCode::Storage
        };
        Error::new(code, format!("could not {action}: {name}: {message}"))
    })
}
