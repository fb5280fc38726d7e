//! Issued versions of an audit report (ISO 19011 6.5): issuing freezes the report as it
//! reads then, in HTML, Markdown and JSON, each with its SHA-256, in a record of its own
//! that later edits of the audit, the SoA or the programme never touch. A correction is
//! a new version with a reason; every version stays. The distribution list (6.5.2) says
//! who received which version, when and how.

use super::{Messages, Report, render};
use crate::audit::Signoff;
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Whether a report is a draft or an issued version, and that version's sign-offs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuePart {
    /// "draft" or "issued".
    pub state: String,
    pub version: Option<u32>,
    pub reviewed: Option<Signoff>,
    pub approved: Option<Signoff>,
    pub issued: Option<Signoff>,
    /// Why this version corrects the one before.
    pub correction: Option<String>,
    /// The audit trail when this version was issued (issued versions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail: Option<TrailAtIssue>,
}

/// The audit trail as it stood when a version was issued: a version is issued only from
/// a workspace whose trail verifies (`Session::dispatch`), so these say it verified then.
/// Anyone can later check that the trail's entry `entries` still has this hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrailAtIssue {
    /// Entries in the trail before the issue (the newest is `entries`).
    pub entries: u64,
    /// The SHA-256 of the newest entry.
    pub head_hash: String,
}

impl IssuePart {
    pub fn draft() -> IssuePart {
        IssuePart {
            state: "draft".into(),
            ..IssuePart::default()
        }
    }
}

/// One issued version of an audit's report, exactly as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ReportVersion {
    pub id: String,
    pub audit_id: String,
    /// 1, 2, ... per audit.
    pub version: u32,
    pub reviewed: Signoff,
    pub approved: Signoff,
    pub issued: Signoff,
    /// Why it corrects the version before (empty for the first).
    pub reason: String,
    pub html: String,
    pub markdown: String,
    pub json: String,
    /// SHA-256 (hex) of each text's UTF-8 bytes, as downloaded.
    pub html_sha256: String,
    pub markdown_sha256: String,
    pub json_sha256: String,
    /// Who received it, oldest first.
    #[serde(default)]
    pub distribution: Vec<Receipt>,
}

/// One recipient of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub recipient: String,
    /// How it was handed over (e-mail, portal, printed copy, ...).
    pub method: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub date: NaiveDate,
    pub recorded: Signoff,
}

/// A receipt as a command gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiptFields {
    pub recipient: String,
    pub method: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

fn render_error(format: &str) -> Result<&'static str> {
    Err(Error::new(
        ErrorCode::InvalidCommand,
        format!(
            "Unknown report format \"{}\"; use html, markdown or json.",
            text::excerpt(format)
        ),
    ))
}

/// SHA-256 of `text`'s UTF-8 bytes, in hex.
pub fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ReportVersion {
    /// The text of one format ("html", "markdown", "json").
    pub fn text(&self, format: &str) -> Result<&str> {
        match format {
            "html" => Ok(&self.html),
            "markdown" => Ok(&self.markdown),
            "json" => Ok(&self.json),
            other => render_error(other),
        }
    }

    /// The version with one more receipt.
    pub fn distributed(&self, fields: &ReceiptFields, by: &str, at: &str) -> Result<Self> {
        let mut out = self.clone();
        out.distribution.push(Receipt {
            recipient: text::required("recipient", "Recipient", &fields.recipient, SHORT)?,
            method: text::required("method", "How it was sent", &fields.method, SHORT)?,
            date: text::date("date", "Date received", &fields.date)?,
            recorded: Signoff::new(by, at),
        });
        Ok(out)
    }
}

/// Issues `report` (built now, as a draft) as version `earlier + 1` of its audit, with
/// the review and approval it went through and the trail it was issued from; `reason`
/// is required for a correction. The HTML and Markdown are written in the words of `m`.
#[allow(clippy::too_many_arguments)]
pub fn issue(
    id: &str,
    mut report: Report,
    earlier: u32,
    reviewed: Signoff,
    approved: Signoff,
    issued: Signoff,
    reason: &str,
    trail: Option<TrailAtIssue>,
    m: &Messages,
) -> Result<ReportVersion> {
    let reason = text::optional("reason", "Reason for the new version", reason, LONG)?;
    if earlier > 0 && reason.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "reason",
            format!("Version {earlier} has been issued already; say what this version corrects."),
        ));
    }
    let version = earlier + 1;
    report.issue = IssuePart {
        state: "issued".into(),
        version: Some(version),
        reviewed: Some(reviewed.clone()),
        approved: Some(approved.clone()),
        issued: Some(issued.clone()),
        correction: (!reason.is_empty()).then(|| reason.clone()),
        trail,
    };
    let html = render(&report, "html", m)?;
    let markdown = render(&report, "markdown", m)?;
    let json = render(&report, "json", m)?;
    Ok(ReportVersion {
        id: id.to_string(),
        audit_id: report.audit.id.clone(),
        version,
        reviewed,
        approved,
        issued,
        reason,
        html_sha256: sha256(&html),
        markdown_sha256: sha256(&markdown),
        json_sha256: sha256(&json),
        html,
        markdown,
        json,
        distribution: Vec::new(),
    })
}
