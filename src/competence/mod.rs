//! Auditor competence (ISO 19011 clause 7, ISO/IEC 27007 7.2.3, and the team selection
//! of 5.5.4): auditor profiles ([`profile`]), the criteria each role must meet per
//! programme ([`criteria`]), evaluations against them ([`evaluation`]), maintaining
//! competence ([`cpd`]) and the checked choice of an audit team ([`selection`]).
//!
//! Profiles are workspace-wide (one person audits in several programmes); the criteria
//! belong to a programme, so one person is judged against the programme at hand. This
//! module reads audits (for the experience log and the team) and never the other way.

pub mod cpd;
pub mod criteria;
pub mod evaluation;
pub mod profile;
pub mod selection;

use crate::report::Messages;
use serde::{Deserialize, Serialize};

pub use criteria::{CompetenceSettings, RoleCriteria};
pub use evaluation::{Evaluation, EvaluationFields};
pub use profile::{Auditor, Profile};

/// A role a person holds in audit work; the programme manager is judged the same way
/// (ISO 19011 5.4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    LeadAuditor,
    Auditor,
    AuditorInTraining,
    TechnicalExpert,
    ProgrammeManager,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::LeadAuditor,
        Role::Auditor,
        Role::AuditorInTraining,
        Role::TechnicalExpert,
        Role::ProgrammeManager,
    ];

    /// As serialised.
    pub fn key(self) -> &'static str {
        match self {
            Role::LeadAuditor => "lead_auditor",
            Role::Auditor => "auditor",
            Role::AuditorInTraining => "auditor_in_training",
            Role::TechnicalExpert => "technical_expert",
            Role::ProgrammeManager => "programme_manager",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::LeadAuditor => "lead auditor",
            Role::Auditor => "auditor",
            Role::AuditorInTraining => "auditor in training",
            Role::TechnicalExpert => "technical expert",
            Role::ProgrammeManager => "audit programme manager",
        }
    }
}

/// A labelled item of a fixed list (a knowledge area, a behaviour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CompetenceTerm {
    pub code: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

const fn term(code: &'static str, label: &'static str, hint: &'static str) -> CompetenceTerm {
    CompetenceTerm { code, label, hint }
}

/// The knowledge areas an ISMS audit team draws on, after the discipline areas of
/// ISO/IEC 27007 7.2.3 (in this project's own words).
pub const AREAS: [CompetenceTerm; 9] = [
    term(
        "isms",
        "ISMS requirements",
        "How a management system for information security is built, run and improved; the requirements it is audited against.",
    ),
    term(
        "risk",
        "Risk assessment and treatment",
        "Finding, weighing and treating information security risks; judging whether an assessment is sound.",
    ),
    term(
        "controls",
        "Security controls",
        "What the controls are for, how they are put in place and how to test that they work.",
    ),
    term(
        "technology",
        "Information and communication technology",
        "Networks, systems, cloud services, software development and operations, enough to follow the evidence.",
    ),
    term(
        "legal",
        "Laws, regulations and contracts",
        "The legal, regulatory and contractual duties that bear on the information in scope.",
    ),
    term(
        "context",
        "The organization and its context",
        "The auditee's business, structure, interested parties and the way it is governed.",
    ),
    term(
        "audit_methods",
        "Audit principles and methods",
        "Planning, interviewing, sampling, evaluating evidence and writing findings.",
    ),
    term(
        "monitoring",
        "Measurement, incidents and improvement",
        "Measuring security performance, handling incidents and acting on what they teach.",
    ),
    term(
        "sector",
        "The auditee's sector",
        "Threats, practices and rules particular to the auditee's line of business.",
    ),
];

/// The personal behaviour an auditor shows (after the list of ISO 19011 7.2.2, in this
/// project's own words).
pub const BEHAVIOURS: [CompetenceTerm; 13] = [
    term(
        "ethical",
        "Ethical",
        "Fair, truthful, sincere, honest and discreet.",
    ),
    term(
        "open_minded",
        "Open-minded",
        "Weighs other views and ideas.",
    ),
    term("diplomatic", "Diplomatic", "Tactful with people."),
    term(
        "observant",
        "Observant",
        "Notices what goes on around them.",
    ),
    term("perceptive", "Perceptive", "Grasps and reads situations."),
    term("versatile", "Versatile", "Adjusts to new situations."),
    term("tenacious", "Tenacious", "Keeps at the objectives."),
    term(
        "decisive",
        "Decisive",
        "Reaches timely conclusions by reasoning from evidence.",
    ),
    term(
        "self_reliant",
        "Self-reliant",
        "Works on their own while dealing well with others.",
    ),
    term(
        "fortitude",
        "Steadfast",
        "Acts responsibly and ethically even when it is unpopular.",
    ),
    term(
        "open_to_improvement",
        "Open to improvement",
        "Learns from situations and feedback.",
    ),
    term(
        "culturally_sensitive",
        "Culturally sensitive",
        "Respects the auditee's culture.",
    ),
    term(
        "collaborative",
        "Collaborative",
        "Works well with the team and the auditee's people.",
    ),
];

/// The label of a knowledge area or behaviour code (the code itself when unknown).
pub fn label_of(code: &str) -> &str {
    AREAS
        .iter()
        .chain(BEHAVIOURS.iter())
        .find(|t| t.code == code)
        .map_or(code, |t| t.label)
}

/// The label of a knowledge area or behaviour code in the words of `m` (the key is
/// `engine.competence.label.${code}`; English without it).
pub fn label_in(m: &Messages, code: &str) -> String {
    m.or(
        &format!("engine.competence.label.{code}"),
        &[],
        label_of(code).to_string(),
    )
}

/// A role's name in the words of `m` (the key is `engine.competence.role.${role}`).
pub fn role_in(m: &Messages, role: Role) -> String {
    m.or(
        &format!("engine.competence.role.{}", role.key()),
        &[],
        role.label().to_string(),
    )
}

/// The lists the page offers, with their labels and hints.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Vocabulary {
    pub areas: Vec<VocabularyTerm>,
    pub behaviours: Vec<VocabularyTerm>,
}

/// A [`CompetenceTerm`] in the page's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct VocabularyTerm {
    pub code: &'static str,
    pub label: String,
    pub hint: String,
}

pub fn vocabulary() -> Vocabulary {
    vocabulary_in(&Messages::default())
}

/// [`vocabulary`] in the words of `m` (hints: `engine.competence.hint.${code}`).
pub fn vocabulary_in(m: &Messages) -> Vocabulary {
    let words = |t: &CompetenceTerm| VocabularyTerm {
        code: t.code,
        label: label_in(m, t.code),
        hint: m.or(
            &format!("engine.competence.hint.{}", t.code),
            &[],
            t.hint.to_string(),
        ),
    };
    Vocabulary {
        areas: AREAS.iter().map(words).collect(),
        behaviours: BEHAVIOURS.iter().map(words).collect(),
    }
}
