//! Spreadsheet imports in the workspace: the proposal and the preview the page shows
//! before anything is written, and the writes of a confirmed import. Each kind's rows
//! are read by the domain module that owns them (soa, catalog::custom, audit::finding).

use super::Workspace;
use super::apply::Writes;
use crate::audit::finding;
use crate::catalog::custom;
use crate::error::Result;
use crate::import::propose::{self, ImportProposal};
use crate::import::{self, ImportKind, ImportPreview, ImportTable, Sheet};
use crate::record::Record;
use crate::soa;

impl Workspace {
    /// The header row and the field proposed for each column of `sheet`, imported as
    /// `kind` into `target_id` (whose catalog or criteria decide what values mean).
    pub fn import_proposal(
        &self,
        kind: ImportKind,
        target_id: &str,
        sheet: &Sheet,
    ) -> Result<ImportProposal> {
        let m = &self.report_messages;
        Ok(match kind {
            ImportKind::Soa => {
                let s = self.soa(target_id)?;
                propose::proposal_in(kind, sheet, &|f, v| s.recognises(f, v), m)
            }
            ImportKind::Criteria => {
                self.criteria_set(target_id)?;
                propose::proposal_in(kind, sheet, &custom::recognises, m)
            }
            ImportKind::Findings => {
                let audit = &self.audit_state(target_id)?.audit;
                propose::proposal_in(kind, sheet, &|f, v| finding::recognises(audit, f, v), m)
            }
        })
    }

    /// What importing `table` would save, and every problem, without saving anything.
    /// A table whose mapping itself is wrong (a required field unmapped) is refused.
    pub fn import_preview(&self, table: &ImportTable) -> Result<ImportPreview> {
        let mapped = table.mapped()?;
        Ok(match table.kind {
            ImportKind::Soa => {
                let catalog = self.soa(&table.target_id)?.catalog()?;
                let (entries, problems) = soa::table_entries(catalog, &mapped);
                let saved = entries
                    .iter()
                    .map(|(l, e)| (*l, soa::preview_values(e)))
                    .collect();
                import::preview(&mapped, &soa::PREVIEW_FIELDS, saved, 0, &problems)
            }
            ImportKind::Criteria => {
                let set = self.criteria_set(&table.target_id)?;
                let (criteria, problems) = custom::table_criteria(&mapped);
                let unchanged = criteria
                    .iter()
                    .filter(|(_, c)| set.criterion(&c.id) == Some(c))
                    .count() as u32;
                let saved = criteria
                    .iter()
                    .map(|(l, c)| (*l, custom::preview_values(c)))
                    .collect();
                import::preview(
                    &mapped,
                    &custom::PREVIEW_FIELDS,
                    saved,
                    unchanged,
                    &problems,
                )
            }
            ImportKind::Findings => {
                let records = self.audit_records(&table.target_id)?;
                let (found, unchanged, problems) = finding::table_findings(records, &mapped);
                let saved = found
                    .iter()
                    .map(|(l, f)| (*l, f.preview_values()))
                    .collect();
                import::preview(
                    &mapped,
                    &finding::PREVIEW_FIELDS,
                    saved,
                    unchanged,
                    &problems,
                )
            }
        })
    }

    /// The writes of a confirmed import: all of it, or an error listing every problem.
    pub(super) fn import_writes(&self, table: &ImportTable, new_id: &str) -> Result<Writes> {
        let mapped = table.mapped()?;
        let target = &table.target_id;
        Ok(match table.kind {
            ImportKind::Soa => Record::Soa(self.soa(target)?.with_table(&mapped)?).into(),
            ImportKind::Criteria => {
                Record::CriteriaSet(self.criteria_set(target)?.with_table(&mapped)?).into()
            }
            ImportKind::Findings => {
                let records = self.audit_records(target)?;
                let change = finding::import(records, new_id, &mapped)?;
                for f in &change.findings {
                    self.ensure_new(&f.id)?;
                }
                change.into()
            }
        })
    }
}
