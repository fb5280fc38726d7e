//! The journal: the audit trail of every change (ISO 19011 5.5.7 records). Append-only;
//! each entry carries the SHA-256 of its content chained to the previous entry's hash, so
//! an edited, removed or reordered entry is detected. Each entry also carries the hash of
//! every record it wrote, so a record edited outside the app is detected too.
//!
//! Hashes are taken over a canonical form ([`canonical`], RFC 8785), never over a
//! serialiser's incidental output. Entries written before that (scheme
//! [`HashScheme::Legacy`]) keep verifying under their own rule; see [`verify`].

pub mod canonical;

use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How an entry's hash was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum HashScheme {
    /// Before release 0.2: serde_json's text of the entry (keys sorted). Not stable
    /// across IndexedDB for numbers such as `10.0`; verified with the number-form rule.
    #[default]
    #[serde(rename = "json-sha256")]
    Legacy,
    /// SHA-256 of the RFC 8785 canonical JSON of the entry, record hashes included.
    #[serde(rename = "jcs-sha256")]
    Canonical,
}

impl HashScheme {
    fn is_legacy(&self) -> bool {
        *self == HashScheme::Legacy
    }
}

/// A record an entry wrote: its object store, id and the SHA-256 of its canonical JSON;
/// no hash when the entry removed it (deleted, or set aside as damaged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDigest {
    pub store: String,
    pub id: String,
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalEntry {
    /// 1, 2, 3, ... with no gaps.
    pub seq: u64,
    /// RFC 3339 time in UTC.
    pub at: String,
    pub actor: String,
    /// The command as applied (its JSON form).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Command"))]
    pub command: Value,
    /// The id of the record the command created, if it created one.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub created: Option<String>,
    /// Every record this entry wrote or removed, with its hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub records: Vec<RecordDigest>,
    #[serde(default, skip_serializing_if = "HashScheme::is_legacy")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub scheme: HashScheme,
    pub prev_hash: String,
    pub hash: String,
}

impl JournalEntry {
    /// The entry after `prev` (or the first entry), with its hash computed.
    pub fn next(
        prev: Option<&JournalEntry>,
        at: String,
        actor: String,
        command: Value,
        created: Option<String>,
        records: Vec<RecordDigest>,
    ) -> JournalEntry {
        let mut entry = JournalEntry {
            seq: prev.map_or(1, |p| p.seq + 1),
            at,
            actor,
            command,
            created,
            records,
            scheme: HashScheme::Canonical,
            prev_hash: prev.map_or(GENESIS.to_string(), |p| p.hash.clone()),
            hash: String::new(),
        };
        entry.hash = entry.content_hash();
        entry
    }

    /// The hash of everything but `hash`, by the entry's own scheme.
    pub fn content_hash(&self) -> String {
        match self.scheme {
            HashScheme::Canonical => sha256_hex(canonical::to_string(&json!({
                "scheme": self.scheme,
                "seq": self.seq,
                "at": self.at,
                "actor": self.actor,
                "command": self.command,
                "created": self.created,
                "records": self.records,
                "prevHash": self.prev_hash,
            }))),
            HashScheme::Legacy => self.legacy_hash(&self.command),
        }
    }

    /// The pre-0.2 hash: serde_json's text (keys sorted) of the entry with `command`.
    fn legacy_hash(&self, command: &Value) -> String {
        let content = json!({
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "command": command,
            "created": self.created,
            "prevHash": self.prev_hash,
        });
        sha256_hex(content.to_string())
    }
}

/// Integral numbers in a legacy entry's command beyond this many are not tried in both
/// forms (2^12 hashes at most per entry; real commands hold fewer than ten numbers).
const MAX_NUMBER_FORMS: usize = 12;

impl JournalEntry {
    /// Whether the legacy hash matches once some whole numbers of the command are
    /// written as floats (`10` as `10.0`), as the pre-0.2 release hashed them.
    fn matches_in_another_number_form(&self) -> bool {
        let whole = count_whole_numbers(&self.command);
        if whole == 0 || whole > MAX_NUMBER_FORMS {
            return false;
        }
        (1u32..1 << whole).any(|mask| {
            let mut command = self.command.clone();
            let mut index = 0;
            as_floats(&mut command, mask, &mut index);
            self.legacy_hash(&command) == self.hash
        })
    }
}

fn count_whole_numbers(value: &Value) -> usize {
    match value {
        Value::Number(n) if !n.is_f64() => 1,
        Value::Array(items) => items.iter().map(count_whole_numbers).sum(),
        Value::Object(map) => map.values().map(count_whole_numbers).sum(),
        _ => 0,
    }
}

/// Rewrites the whole numbers whose bit is set in `mask` as floats, in a fixed order.
fn as_floats(value: &mut Value, mask: u32, index: &mut usize) {
    match value {
        Value::Number(n) if !n.is_f64() => {
            if mask & (1 << *index) != 0
                && let Some(f) = n.as_f64().and_then(serde_json::Number::from_f64)
            {
                *n = f;
            }
            *index += 1;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| as_floats(v, mask, index)),
        Value::Object(map) => map.values_mut().for_each(|v| as_floats(v, mask, index)),
        _ => {}
    }
}

/// The SHA-256 of a record's canonical JSON, as entries carry it.
pub fn record_hash(value: &Value) -> String {
    sha256_hex(canonical::to_string(value))
}

/// One stored record as the store holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub store: String,
    pub id: String,
    pub value: Value,
}

/// What checking a trail against the stored records found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// No problem found: the chain is intact and every record is as its entry wrote it.
    pub verified: bool,
    pub entries: u64,
    /// The newest entry's hash: keep it outside the app to prove later that the trail
    /// up to it was not rewritten.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub head_hash: Option<String>,
    /// Where the chain breaks, if it does; entries after a break are not trusted.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub chain_break: Option<String>,
    /// Records that differ from what the trail says, each naming the record and entry.
    pub record_problems: Vec<String>,
    /// Things a reviewer should know that are not faults (e.g. entries verified under
    /// the number-form rule, records written before record hashing).
    pub notes: Vec<String>,
    /// Records last written before entries carried record hashes, which the trail
    /// cannot vouch for until the `vouchForRecords` command seals them.
    pub unvouched: u64,
    /// Set when only the entries from this one on were checked, continuing an earlier
    /// full check of those before (see [`verify_since`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub checked_from: Option<u64>,
}

impl Verification {
    /// Every problem, one line each.
    pub fn problems(&self) -> Vec<String> {
        self.chain_break
            .iter()
            .cloned()
            .chain(self.record_problems.iter().cloned())
            .collect()
    }

    /// The error for an operation that needs a verified trail.
    pub fn to_error(&self, what: &str) -> Error {
        let problems = self.problems();
        Error::new(
            ErrorCode::Unverified,
            format!(
                "{what}: the audit trail does not vouch for this data ({} problem{}: {}). Nothing was changed.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                problems.first().map(String::as_str).unwrap_or("")
            ),
        )
        .with_details(problems)
    }
}

/// Checks that `entries` (in order, from the first) form one unbroken chain and that the
/// stored records are exactly those the entries wrote.
///
/// A legacy entry whose hash no longer matches only because storage gave a whole number
/// written `10.0` back as `10` verifies under the number-form rule, with a note.
pub fn verify(entries: &[JournalEntry], stored: &[StoredRecord]) -> Verification {
    let mut check = FullCheck::default();
    check.entries(entries);
    check.records(stored);
    check.finish()
}

/// The full check of [`verify`] fed a part at a time, so that a long trail can be read
/// and checked in steps that each take a few milliseconds: every entry first, in order
/// from the first ([`FullCheck::entries`]), then every stored record in any order
/// ([`FullCheck::records`]); [`FullCheck::finish`] gives exactly what [`verify`] gives.
#[derive(Debug, Default)]
pub struct FullCheck {
    entries: u64,
    head_hash: Option<String>,
    /// The seq and hash of the last trusted entry.
    prev: Option<(u64, String)>,
    chain_break: Option<String>,
    number_form: Vec<u64>,
    /// Each record the trusted entries wrote: the newest entry that did, and the hash.
    written: HashMap<(String, String), (u64, Option<String>)>,
    /// A trusted entry since the last vouching one predates record hashes.
    has_legacy: bool,
    seen: std::collections::HashSet<(String, String)>,
    problems: Vec<String>,
    unvouched: u64,
}

impl FullCheck {
    /// The next entries of the trail, in order.
    pub fn entries(&mut self, entries: &[JournalEntry]) {
        for entry in entries {
            self.entries += 1;
            self.head_hash = Some(entry.hash.clone());
            if self.chain_break.is_some() {
                continue;
            }
            let prev = self.prev.as_ref().map(|(seq, hash)| (*seq, hash.as_str()));
            if let Some(why) = chain_fault(prev, entry, &mut self.number_form) {
                self.chain_break = Some(broken_at(entry.seq, why));
                continue;
            }
            self.prev = Some((entry.seq, entry.hash.clone()));
            // Vouching records the whole workspace as it stood: what it does not list was
            // gone by then.
            if is_vouch(entry) {
                self.written.clear();
                self.has_legacy = false;
            } else if entry.scheme == HashScheme::Legacy {
                self.has_legacy = true;
            }
            for r in &entry.records {
                self.written.insert(
                    (r.store.clone(), r.id.clone()),
                    (entry.seq, r.sha256.clone()),
                );
            }
        }
    }

    /// How many entries were fed so far.
    pub fn entries_read(&self) -> u64 {
        self.entries
    }

    /// Stored records, once every entry was fed.
    pub fn records(&mut self, stored: &[StoredRecord]) {
        for record in stored {
            self.seen.insert((record.store.clone(), record.id.clone()));
            let name = format!("the {} record \"{}\"", record.store, record.id);
            match self.written.get(&(record.store.clone(), record.id.clone())) {
                Some((seq, Some(hash))) => {
                    if record_hash(&record.value) != *hash {
                        self.problems.push(format!(
                            "{name} differs from what entry {seq} wrote: it was changed outside the app."
                        ));
                    }
                }
                Some((seq, None)) => self.problems.push(format!(
                    "{name} was removed by entry {seq} but is stored: it was put back outside the app."
                )),
                None if self.has_legacy => self.unvouched += 1,
                None => self.problems.push(format!(
                    "{name} was written by no entry of the trail: it was added outside the app."
                )),
            }
        }
    }

    /// What the check found.
    pub fn finish(self) -> Verification {
        let mut notes = Vec::new();
        number_form_note(&self.number_form, &mut notes);
        let mut problems = self.problems;
        for ((store, id), (seq, hash)) in &self.written {
            if hash.is_some() && !self.seen.contains(&(store.clone(), id.clone())) {
                problems.push(format!(
                    "the {store} record \"{id}\" written by entry {seq} is missing: it was removed outside the app."
                ));
            }
        }
        problems.sort();
        let unvouched = self.unvouched;
        if unvouched > 0 {
            notes.push(format!(
                "{unvouched} record{} last written before release 0.2, when entries did not yet carry record hashes; \"Vouch for records\" seals them as they stand.",
                if unvouched == 1 { " was" } else { "s were" }
            ));
        }
        Verification {
            verified: self.chain_break.is_none() && problems.is_empty(),
            entries: self.entries,
            head_hash: self.head_hash,
            chain_break: self.chain_break,
            record_problems: problems,
            notes,
            unvouched,
            checked_from: None,
        }
    }
}

fn is_vouch(e: &JournalEntry) -> bool {
    e.command.get("type").and_then(Value::as_str) == Some("vouchForRecords")
}

/// Continues an earlier verification (`earlier`, of the trail up to its head) with the
/// entries written since (`newer`, oldest first): each must follow the one before and
/// match its hash. The records were compared by the earlier full check; a full check
/// compares them again.
pub fn verify_since(earlier: &Verification, newer: &[JournalEntry]) -> Verification {
    let mut notes = Vec::new();
    let head = earlier.head_hash.as_deref().map(|h| (earlier.entries, h));
    let (chain_break, _) = check_chain(head, newer, &mut notes);
    notes.push(format!(
        "Entries 1 to {} were verified earlier, with every record; this check added the {} entr{} since. Run the full check to compare every record again.",
        earlier.entries,
        newer.len(),
        if newer.len() == 1 { "y" } else { "ies" }
    ));
    Verification {
        verified: earlier.verified && chain_break.is_none(),
        entries: earlier.entries + newer.len() as u64,
        head_hash: newer
            .last()
            .map(|e| e.hash.clone())
            .or(earlier.head_hash.clone()),
        chain_break: chain_break.or(earlier.chain_break.clone()),
        record_problems: earlier.record_problems.clone(),
        notes,
        unvouched: earlier.unvouched,
        checked_from: Some(earlier.entries + 1),
    }
}

/// Checks that `entries` follow `prev` (the seq and hash of the entry before them, or
/// none for a trail from its first entry) in one unbroken chain. Returns where it
/// breaks and how many entries are trusted.
fn check_chain(
    prev: Option<(u64, &str)>,
    entries: &[JournalEntry],
    notes: &mut Vec<String>,
) -> (Option<String>, usize) {
    let mut chain_break = None;
    let mut number_form = Vec::new();
    let mut prev = prev;
    let mut trusted = entries.len();
    for (i, entry) in entries.iter().enumerate() {
        if let Some(why) = chain_fault(prev, entry, &mut number_form) {
            chain_break = Some(broken_at(entry.seq, why));
            trusted = i;
            break;
        }
        prev = Some((entry.seq, &entry.hash));
    }
    number_form_note(&number_form, notes);
    (chain_break, trusted)
}

/// Why `entry` does not follow `prev` (the seq and hash of the entry before it, or none
/// for the first entry), if it does not; a legacy entry that matches only under the
/// number-form rule joins `number_form`.
fn chain_fault(
    prev: Option<(u64, &str)>,
    entry: &JournalEntry,
    number_form: &mut Vec<u64>,
) -> Option<&'static str> {
    let expected_seq = prev.map_or(1, |p| p.0 + 1);
    let expected_prev = prev.map_or(GENESIS, |p| p.1);
    if entry.seq != expected_seq || entry.prev_hash != expected_prev {
        Some("it does not follow the entry before it")
    } else if entry.content_hash() == entry.hash {
        None
    } else if entry.scheme == HashScheme::Legacy && entry.matches_in_another_number_form() {
        number_form.push(entry.seq);
        None
    } else {
        Some("its content does not match its hash")
    }
}

fn broken_at(seq: u64, why: &str) -> String {
    format!(
        "The audit trail is broken at entry {seq}: {why}; the stored data was changed outside the app."
    )
}

fn number_form_note(number_form: &[u64], notes: &mut Vec<String>) {
    if !number_form.is_empty() {
        notes.push(format!(
            "{} entr{} written before release 0.2 ({}) verified under the number-form rule: a whole number saved as 10.0 came back from storage as 10, and nothing else differs.",
            number_form.len(),
            if number_form.len() == 1 { "y" } else { "ies" },
            list_seqs(number_form)
        ));
    }
}

fn list_seqs(seqs: &[u64]) -> String {
    let shown: Vec<String> = seqs.iter().take(10).map(|s| s.to_string()).collect();
    let more = if seqs.len() > 10 { ", …" } else { "" };
    format!(
        "entr{} {}{more}",
        if seqs.len() == 1 { "y" } else { "ies" },
        shown.join(", ")
    )
}

fn sha256_hex(text: String) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<JournalEntry> {
        let mut entries: Vec<JournalEntry> = Vec::new();
        for i in 0..n {
            let entry = JournalEntry::next(
                entries.last(),
                format!("2026-01-0{}T10:00:00Z", i + 1),
                "auditor".into(),
                json!({"type": "test", "n": i, "w": 10.0}),
                None,
                vec![],
            );
            entries.push(entry);
        }
        entries
    }

    fn check(entries: &[JournalEntry]) -> Verification {
        verify(entries, &[])
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(3);
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[2].seq, 3);
        let v = check(&entries);
        assert!(v.verified, "{v:?}");
        assert_eq!(v.head_hash.as_deref(), Some(entries[2].hash.as_str()));
    }

    #[test]
    fn edits_removals_and_reorders_are_detected() {
        let mut edited = chain(3);
        edited[1].actor = "mallory".into();
        assert!(check(&edited).chain_break.unwrap().contains("entry 2"));
        let mut removed = chain(3);
        removed.remove(1);
        assert!(check(&removed).chain_break.unwrap().contains("entry 3"));
        let mut swapped = chain(3);
        swapped.swap(0, 1);
        assert!(!check(&swapped).verified);
    }

    #[test]
    fn integral_floats_hash_the_same_after_storage() {
        let entry = chain(1).remove(0);
        let mut stored = entry.clone();
        stored.command = serde_json::from_str(r#"{"w":10,"n":0,"type":"test"}"#).unwrap();
        assert_eq!(stored.content_hash(), entry.hash);
    }

    /// A legacy entry hashed with `10.0` whose stored command now says `10`.
    fn legacy_entry() -> JournalEntry {
        let mut entry = JournalEntry {
            seq: 1,
            at: "2026-01-01T10:00:00Z".into(),
            actor: "auditor".into(),
            command: json!({"type": "test", "w": 10.0, "n": 3, "x": [2.5, 4]}),
            created: None,
            records: vec![],
            scheme: HashScheme::Legacy,
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        entry.hash = entry.content_hash();
        entry.command = json!({"type": "test", "w": 10, "n": 3, "x": [2.5, 4]});
        entry
    }

    #[test]
    fn legacy_entries_damaged_only_in_number_form_verify_with_a_note() {
        let entry = legacy_entry();
        let v = check(std::slice::from_ref(&entry));
        assert!(v.verified, "{v:?}");
        assert!(v.notes[0].contains("number-form rule"), "{:?}", v.notes);
        // Any other change still breaks the chain.
        let mut edited = entry.clone();
        edited.actor = "mallory".into();
        assert!(!check(&[edited]).verified);
        let mut renumbered = entry;
        renumbered.command["n"] = json!(4);
        assert!(!check(&[renumbered]).verified);
    }

    fn record(store: &str, id: &str, value: Value) -> StoredRecord {
        StoredRecord {
            store: store.into(),
            id: id.into(),
            value,
        }
    }

    #[test]
    fn records_are_checked_against_the_entry_that_wrote_them() {
        let a = json!({"id": "a", "text": "as written", "w": 10.0});
        let entry = JournalEntry::next(
            None,
            "2026-01-01T10:00:00Z".into(),
            "auditor".into(),
            json!({"type": "test"}),
            None,
            vec![
                RecordDigest {
                    store: "findings".into(),
                    id: "a".into(),
                    sha256: Some(record_hash(&a)),
                },
                RecordDigest {
                    store: "findings".into(),
                    id: "gone".into(),
                    sha256: None,
                },
            ],
        );
        let entries = [entry];
        let same = record(
            "findings",
            "a",
            json!({"id": "a", "text": "as written", "w": 10}),
        );
        assert!(verify(&entries, std::slice::from_ref(&same)).verified);

        let edited = record(
            "findings",
            "a",
            json!({"id": "a", "text": "edited", "w": 10}),
        );
        let v = verify(&entries, &[edited]);
        assert_eq!(v.record_problems.len(), 1);
        assert!(v.record_problems[0].contains("\"a\" differs from what entry 1 wrote"));

        let v = verify(&entries, &[]);
        assert!(v.record_problems[0].contains("is missing"), "{v:?}");

        let extra = record("findings", "x", json!({}));
        let back = record("findings", "gone", json!({}));
        let v = verify(&entries, &[same, extra, back]);
        assert_eq!(v.record_problems.len(), 2, "{v:?}");
    }
}
