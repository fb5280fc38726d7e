//! The correspondence between ISO/IEC 27001:2013 and 2022 (clauses, and Annex A as in
//! ISO/IEC 27002:2022 Annex B), usable both ways. One 2013 control can map to several
//! 2022 controls (18.2.3 -> 5.36 and 8.8); the 2022 controls new in that edition have no
//! predecessor.

use super::records;
use std::sync::OnceLock;

/// One correspondence, with catalog ids (Annex A controls prefixed "A.").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub id_2013: String,
    pub id_2022: String,
}

pub fn pairs() -> &'static [Pair] {
    static PAIRS: OnceLock<Vec<Pair>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        records(include_str!("data/mapping_2013_2022.csv"))
            .into_iter()
            .filter(|row| !row["id_2013"].is_empty() && !row["id_2022"].is_empty())
            .map(|row| {
                let prefix = if row["section"] == "annex_a" {
                    "A."
                } else {
                    ""
                };
                Pair {
                    id_2013: format!("{prefix}{}", row["id_2013"]),
                    id_2022: format!("{prefix}{}", row["id_2022"]),
                }
            })
            .collect()
    })
}

/// The 2022 criteria a 2013 criterion corresponds to.
pub fn to_2022(id_2013: &str) -> Vec<String> {
    pairs()
        .iter()
        .filter(|p| p.id_2013 == id_2013)
        .map(|p| p.id_2022.clone())
        .collect()
}

/// The 2013 criteria a 2022 criterion corresponds to.
pub fn to_2013(id_2022: &str) -> Vec<String> {
    pairs()
        .iter()
        .filter(|p| p.id_2022 == id_2022)
        .map(|p| p.id_2013.clone())
        .collect()
}
