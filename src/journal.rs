//! The journal: the audit trail of every change (ISO 19011 5.5.7 records). Append-only;
//! each entry carries the SHA-256 of its content chained to the previous entry's hash, so
//! an edited, removed or reordered entry is detected.

use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
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
    ) -> JournalEntry {
        let mut entry = JournalEntry {
            seq: prev.map_or(1, |p| p.seq + 1),
            at,
            actor,
            command,
            created,
            prev_hash: prev.map_or(GENESIS.to_string(), |p| p.hash.clone()),
            hash: String::new(),
        };
        entry.hash = entry.content_hash();
        entry
    }

    /// SHA-256 over the canonical JSON (keys sorted) of everything but `hash`, so the
    /// same entry hashes the same after a round trip through IndexedDB.
    pub fn content_hash(&self) -> String {
        let content = json!({
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "command": self.command,
            "created": self.created,
            "prevHash": self.prev_hash,
        });
        hex(&Sha256::digest(content.to_string().as_bytes()))
    }
}

/// Checks that `entries` (in order, from the first) form one unbroken chain.
pub fn verify(entries: &[JournalEntry]) -> Result<()> {
    let mut prev: Option<&JournalEntry> = None;
    for entry in entries {
        let expected_seq = prev.map_or(1, |p| p.seq + 1);
        let expected_prev = prev.map_or(GENESIS, |p| p.hash.as_str());
        if entry.seq != expected_seq || entry.prev_hash != expected_prev {
            return Err(broken(entry.seq, "it does not follow the entry before it"));
        }
        if entry.content_hash() != entry.hash {
            return Err(broken(entry.seq, "its content does not match its hash"));
        }
        prev = Some(entry);
    }
    Ok(())
}

fn broken(seq: u64, why: &str) -> Error {
    Error::new(
        ErrorCode::CorruptData,
        format!(
            "The audit trail is broken at entry {seq}: {why}. The stored data was changed outside the app; restore it from a backup."
        ),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
                json!({"type": "test", "n": i}),
                None,
            );
            entries.push(entry);
        }
        entries
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(3);
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[2].seq, 3);
        assert!(verify(&entries).is_ok());
    }

    #[test]
    fn edits_removals_and_reorders_are_detected() {
        let mut edited = chain(3);
        edited[1].actor = "mallory".into();
        assert!(verify(&edited).unwrap_err().message.contains("entry 2"));
        let mut removed = chain(3);
        removed.remove(1);
        assert!(verify(&removed).unwrap_err().message.contains("entry 3"));
        let mut swapped = chain(3);
        swapped.swap(0, 1);
        assert_eq!(verify(&swapped).unwrap_err().code, ErrorCode::CorruptData);
    }

    #[test]
    fn hash_ignores_json_key_order() {
        let entry = chain(1).remove(0);
        let reordered: Value = serde_json::from_str(r#"{"type":"test","n":0}"#).unwrap();
        let mut copy = entry.clone();
        copy.command = reordered;
        assert_eq!(copy.content_hash(), entry.hash);
    }
}
