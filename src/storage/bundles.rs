//! Sealed bundles and packages in and out of a session: exports read the store (for the
//! files' bytes and the trail); imports verify the whole bundle, then write through the
//! commands, so each import is one journal entry (a workspace bundle is restored like a
//! backup instead, into an empty workspace).

use super::{Session, Store};
use crate::backup::bundle::{self, Bundle, BundleKind};
use crate::backup::merge::{MergeChoice, MergeReview};
use crate::backup::package::{self, AuditSet};
use crate::backup::sha256_hex;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, Verification};
use crate::record::StoredFile;
use crate::workspace::{Command, Context};

/// What importing a bundle did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Imported {
    /// A whole workspace, restored (what verifying its trail found).
    Workspace { verification: Verification },
    /// An audit (from an audit bundle or a work package), added.
    Audit {
        #[serde(rename = "auditId")]
        audit_id: String,
        /// The team member a work package was made for; empty for an audit bundle.
        member: String,
    },
    /// A result package: nothing written yet; the lead reviews it and merges.
    Result { review: MergeReview },
}

impl<S: Store> Session<S> {
    /// The whole workspace (`audit_id` `None`) or one audit as a bundle file.
    pub async fn export_bundle(
        &self,
        audit_id: Option<&str>,
        at: &str,
        by: &str,
    ) -> Result<String> {
        let dump = self.store.dump().await?;
        let Some(audit_id) = audit_id else {
            let verification = journal::verify(&dump.journal, &dump.records);
            if !verification.verified {
                return Err(verification.to_error("The bundle was not written"));
            }
            crate::backup::check_dump_files(&dump)?;
            return Ok(bundle::workspace(&dump, &verification, at, by));
        };
        let set = self.workspace.borrow().audit_set(audit_id)?;
        let files = files_of(&set, dump.files)?;
        Ok(bundle::audit(&set, &files, at, by))
    }

    /// The work package of team member `member` of audit `audit_id`.
    pub fn export_work_package(
        &self,
        audit_id: &str,
        member: &str,
        package_id: String,
        at: &str,
        by: &str,
    ) -> Result<String> {
        let set = self.workspace.borrow().audit_set(audit_id)?;
        let package = package::work_package(set, member, package_id, by, at)?;
        Ok(bundle::work_package(&package, at, by))
    }

    /// The result package of audit `audit_id`, which came in a work package.
    pub async fn export_result_package(
        &self,
        audit_id: &str,
        at: &str,
        by: &str,
    ) -> Result<String> {
        let dump = self.store.dump().await?;
        let received = package::received(&dump.journal, audit_id).ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                "This audit did not come in a work package, so there is no one to return a result package to; export it as an audit bundle instead.",
            )
        })?;
        let set = self.workspace.borrow().audit_set(audit_id)?;
        let result = package::result_package(set, received, by, at);
        let files = files_of(&result.result, dump.files)?;
        Ok(bundle::result_package(&result, &files, at, by))
    }

    /// Verifies a bundle completely, then takes it in: a workspace is restored (this
    /// workspace must be empty), an audit or work package is added, a result package
    /// is only reviewed (see [`Session::merge_bundle`]). `to_file` turns a file's
    /// bytes into what the store takes.
    pub async fn import_bundle(
        &self,
        text: &str,
        ctx: &Context,
        to_file: impl Fn(Vec<u8>) -> Result<S::File>,
    ) -> Result<Imported> {
        let opened = bundle::open(text)?;
        match opened.kind {
            BundleKind::Workspace => {
                let backup = bundle::to_backup(&opened)?;
                let verification = self.restore(&backup, false, ctx).await?;
                Ok(Imported::Workspace { verification })
            }
            BundleKind::Audit | BundleKind::WorkPackage => {
                let (set, package) = if opened.kind == BundleKind::Audit {
                    (bundle::audit_set(&opened)?, None)
                } else {
                    let p = bundle::read_work_package(&opened)?;
                    (p.set, Some(p.origin))
                };
                check_files(&set, &opened.files)?;
                let audit_id = set.audit.id.clone();
                let member = package
                    .as_ref()
                    .map(|p| p.member.clone())
                    .unwrap_or_default();
                let command = Command::ImportAudit {
                    set: Box::new(set),
                    package,
                };
                self.dispatch_with_files(&command, ctx, opened, to_file)
                    .await?;
                Ok(Imported::Audit { audit_id, member })
            }
            BundleKind::ResultPackage => {
                let package = bundle::read_result_package(&opened)?;
                check_files(&package.result, &opened.files)?;
                let review = self.workspace.borrow().merge_review(&package)?;
                Ok(Imported::Result { review })
            }
        }
    }

    /// Merges the result package in bundle `text` with the lead's `choices`: one journal
    /// entry, or nothing on any problem.
    pub async fn merge_bundle(
        &self,
        text: &str,
        choices: Vec<MergeChoice>,
        ctx: &Context,
        to_file: impl Fn(Vec<u8>) -> Result<S::File>,
    ) -> Result<()> {
        let opened = bundle::open(text)?;
        let package = bundle::read_result_package(&opened)?;
        check_files(&package.result, &opened.files)?;
        let command = Command::MergeResultPackage {
            package: Box::new(package),
            choices,
        };
        self.dispatch_with_files(&command, ctx, opened, to_file)
            .await
    }

    /// Dispatches `command` with the bundle's files staged for it.
    async fn dispatch_with_files(
        &self,
        command: &Command,
        ctx: &Context,
        opened: Bundle,
        to_file: impl Fn(Vec<u8>) -> Result<S::File>,
    ) -> Result<()> {
        let ids: Vec<String> = opened.files.iter().map(|f| f.id.clone()).collect();
        let mut staged = Vec::with_capacity(ids.len());
        for f in opened.files {
            staged.push((f.id, to_file(f.bytes)?));
        }
        for (id, file) in staged {
            self.store.stage_file(&id, file);
        }
        let result = self.dispatch(command, ctx).await;
        for id in &ids {
            self.store.unstage_file(id);
        }
        result.map(|_| ())
    }
}

/// The stored bytes of every file `set` lists; a missing one is refused.
fn files_of(set: &AuditSet, mut stored: Vec<StoredFile>) -> Result<Vec<StoredFile>> {
    let wanted = set.file_ids();
    stored.retain(|f| wanted.contains(&f.id));
    if let Some(missing) = wanted
        .iter()
        .find(|id| !stored.iter().any(|f| &f.id == *id))
    {
        return Err(Error::new(
            ErrorCode::FileDamaged,
            format!(
                "The evidence file \"{missing}\" is missing from this browser's storage, so the bundle was not written; remove it from its evidence entry and attach it again."
            ),
        ));
    }
    Ok(stored)
}

/// Every file the evidence of `set` lists comes in the bundle with the SHA-256 its
/// evidence record carries.
fn check_files(set: &AuditSet, files: &[StoredFile]) -> Result<()> {
    let mut problems = Vec::new();
    for e in &set.evidence {
        for listed in &e.files {
            match files.iter().find(|f| f.id == listed.id) {
                None => problems.push(format!(
                    "{} \"{}\": the file \"{}\" is missing",
                    e.reference, e.title, listed.name
                )),
                Some(f) => {
                    let found = sha256_hex(&f.bytes);
                    if found != listed.sha256 {
                        problems.push(format!(
                            "{} \"{}\": the file \"{}\" does not match its evidence record: expected SHA-256 {}, found {found}",
                            e.reference, e.title, listed.name, listed.sha256
                        ));
                    }
                }
            }
        }
    }
    match problems.first() {
        None => Ok(()),
        Some(first) => Err(Error::new(
            ErrorCode::FileDamaged,
            format!("The bundle was not imported: {} evidence file(s) are missing or damaged (the first: {first}). Nothing was changed.", problems.len()),
        )
        .with_details(problems)),
    }
}
