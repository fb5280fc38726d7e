//! The office module: Word, Excel, CSV and OSCAL files made in the browser from the engine's
//! JSON (the report model of docs/report-schema.md and the registers beside it). It is
//! a second wasm module, loaded by the page on first use (in a Worker), so that its
//! writers never weigh on the engine's first load; it holds no state and does no I/O:
//! every export is a pure function, JSON in, bytes out.
//!
//! Layout: `model` (what the writers read), `registers` (the rows every spreadsheet
//! format shares), one file per format (`docx`, `xlsx`, `csv`, `oscal`). Readers of office files
//! (spreadsheet import) belong beside the writers in a `read` module of their own, with
//! their entry points in the "Readers" part of `web` below: bytes in, JSON out.

mod base64;
pub mod csv;
pub mod docx;
/// The engine's report messages (the same code, not the same crate).
#[path = "../report/messages.rs"]
pub mod messages;
pub mod model;
pub mod oscal;
pub mod read;
pub mod registers;
pub mod xlsx;

use model::{AuditExport, ProgrammeExport};

/// An export that failed, with the engine's error codes (docs/DESIGN.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// `invalid_command` for a model that does not read, `internal` for a writer fault.
    pub code: &'static str,
    pub message: String,
}

impl Error {
    fn invalid(message: String) -> Self {
        Error {
            code: "invalid_command",
            message,
        }
    }

    fn internal(message: String) -> Self {
        Error {
            code: "internal",
            message,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

fn read<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| {
        Error::invalid(format!(
            "The {what} sent to the office module does not read: {e}. Reload the page; if it persists, report it."
        ))
    })
}

/// The audit report as .docx.
pub fn audit_docx(json: &str) -> Result<Vec<u8>, Error> {
    docx::audit_report(&read::<AuditExport>(json, "audit export")?)
}

/// The audit plan as .docx.
pub fn audit_plan_docx(json: &str) -> Result<Vec<u8>, Error> {
    docx::audit_plan(&read::<AuditExport>(json, "audit export")?)
}

/// The programme report as .docx.
pub fn programme_docx(json: &str) -> Result<Vec<u8>, Error> {
    docx::programme_report(&read::<ProgrammeExport>(json, "programme export")?)
}

/// The audit's registers as one .xlsx workbook.
pub fn audit_xlsx(json: &str) -> Result<Vec<u8>, Error> {
    let export: AuditExport = read(json, "audit export")?;
    let title = format!("{}: registers", export.report.audit.title);
    xlsx::workbook(
        &registers::audit_registers(&export),
        &title,
        &export.report.generated_at,
    )
}

/// One of the audit's registers as CSV: "findings", "corrective-actions", "checklist"
/// or "soa".
pub fn audit_csv(json: &str, register: &str) -> Result<String, Error> {
    let export: AuditExport = read(json, "audit export")?;
    registers::audit_registers(&export)
        .iter()
        .find(|r| r.kind == register)
        .map(csv::register)
        .ok_or_else(|| {
            Error::invalid(format!(
                "This audit has no register \"{register}\"; use findings, corrective-actions, checklist or soa (soa only for an audit planned from an SoA)."
            ))
        })
}

/// One of the audit's OSCAL documents: "ap" (assessment plan), "ar" (assessment
/// results) or "poam" (the open corrective actions).
pub fn audit_oscal(json: &str, document: &str) -> Result<String, Error> {
    let export: AuditExport = read(json, "audit export")?;
    match document {
        "ap" => oscal::assessment_plan(&export),
        "ar" => oscal::assessment_results(&export),
        "poam" => oscal::poam(&export),
        other => Err(Error::invalid(format!(
            "Unknown OSCAL document \"{other}\"; use ap, ar or poam."
        ))),
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::prelude::*;

    fn js_error(error: crate::Error) -> JsValue {
        let e = js_sys::Error::new(&error.message);
        // Errors carry a stable `code`, as the engine's do.
        let _ = js_sys::Reflect::set(&e, &"code".into(), &error.code.into());
        e.into()
    }

    // Writers: JSON in, file bytes out.

    #[wasm_bindgen(js_name = auditDocx)]
    pub fn audit_docx(json: &str) -> Result<Vec<u8>, JsValue> {
        crate::audit_docx(json).map_err(js_error)
    }

    #[wasm_bindgen(js_name = auditPlanDocx)]
    pub fn audit_plan_docx(json: &str) -> Result<Vec<u8>, JsValue> {
        crate::audit_plan_docx(json).map_err(js_error)
    }

    #[wasm_bindgen(js_name = programmeDocx)]
    pub fn programme_docx(json: &str) -> Result<Vec<u8>, JsValue> {
        crate::programme_docx(json).map_err(js_error)
    }

    #[wasm_bindgen(js_name = auditXlsx)]
    pub fn audit_xlsx(json: &str) -> Result<Vec<u8>, JsValue> {
        crate::audit_xlsx(json).map_err(js_error)
    }

    #[wasm_bindgen(js_name = auditCsv)]
    pub fn audit_csv(json: &str, register: &str) -> Result<String, JsValue> {
        crate::audit_csv(json, register).map_err(js_error)
    }

    #[wasm_bindgen(js_name = auditOscal)]
    pub fn audit_oscal(json: &str, document: &str) -> Result<String, JsValue> {
        crate::audit_oscal(json, document).map_err(js_error)
    }

    // Readers: file bytes in, JSON out.

    /// The sheets of an .xlsx or .ods workbook as the engine's sheet model (JSON).
    #[wasm_bindgen(js_name = readWorkbook)]
    pub fn read_workbook(bytes: &[u8]) -> Result<String, JsValue> {
        crate::read::workbook(bytes).map_err(js_error)
    }
}
