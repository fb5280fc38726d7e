//! The report's names for the engine's values (grades, verdicts, outcomes, roles, ...),
//! in the language of the messages. Each key is written out so that the catalog test
//! finds it.

use super::Messages;
use crate::audit::conclusion::Effectiveness;
use crate::audit::conduct::{Adequacy, FeasibilityVerdict, LimitKind, TeamRole};
use crate::audit::sampling::SamplingMethod;
use crate::audit::sessions::Method;
use crate::audit::{AuditKind, EvidenceKind, Grade, Verdict};
use crate::catalog::custom::SetKind;
use crate::scoring::{Outcome, Ratio, RiskRating, RuleBasis};

pub fn grade(m: &Messages, g: Grade) -> &str {
    m.t(match g {
        Grade::MajorNonconformity => "report.grade.major_nonconformity",
        Grade::MinorNonconformity => "report.grade.minor_nonconformity",
        Grade::Observation => "report.grade.observation",
        Grade::OpportunityForImprovement => "report.grade.opportunity_for_improvement",
        Grade::GoodPractice => "report.grade.good_practice",
        Grade::Conformity => "report.grade.conformity",
    })
}

pub fn kind(m: &Messages, k: AuditKind) -> &str {
    m.t(match k {
        AuditKind::Internal => "report.kind.internal",
        AuditKind::Supplier => "report.kind.supplier",
        AuditKind::External => "report.kind.external",
    })
}

/// The verdict as an audit of `kind` states it (see [`Verdict::wording`]).
pub fn verdict(m: &Messages, v: Verdict, kind: AuditKind) -> &str {
    use Verdict::*;
    m.t(match (kind, v) {
        (_, NotDetermined) => "report.verdict.not_determined",
        (_, PartiallyAudited) => "report.verdict.partially_audited",
        (AuditKind::Internal, Fulfilled) => "report.verdict.fulfilled",
        (AuditKind::Internal, FulfilledWithNonconformities) => {
            "report.verdict.fulfilled_with_nonconformities"
        }
        (AuditKind::Internal, NotFulfilled) => "report.verdict.not_fulfilled",
        (AuditKind::Supplier, Fulfilled) => "report.verdict.supplier.fulfilled",
        (AuditKind::Supplier, FulfilledWithNonconformities) => {
            "report.verdict.supplier.fulfilled_with_nonconformities"
        }
        (AuditKind::Supplier, NotFulfilled) => "report.verdict.supplier.not_fulfilled",
        (AuditKind::External, Fulfilled) => "report.verdict.external.fulfilled",
        (AuditKind::External, FulfilledWithNonconformities) => {
            "report.verdict.external.fulfilled_with_nonconformities"
        }
        (AuditKind::External, NotFulfilled) => "report.verdict.external.not_fulfilled",
    })
}

/// The conclusion rule's reason, as the scoring gave it (see [`RuleBasis`]).
pub fn rule(m: &Messages, r: RuleBasis) -> String {
    match r {
        RuleBasis::Major(n) => m.tf("report.rule.major", &[("n", &n)]),
        RuleBasis::NothingAudited => m.t("report.rule.nothing_audited").to_string(),
        RuleBasis::Unexplained(n) => m.tf("report.rule.unexplained", &[("n", &n)]),
        RuleBasis::Minor(n) => m.tf("report.rule.minor", &[("n", &n)]),
        RuleBasis::Fulfilled(n) => m.tf("report.rule.fulfilled", &[("n", &n)]),
    }
}

pub fn effectiveness(m: &Messages, e: Effectiveness) -> &str {
    m.t(match e {
        Effectiveness::Effective => "report.effectiveness.effective",
        Effectiveness::PartlyEffective => "report.effectiveness.partly_effective",
        Effectiveness::NotEffective => "report.effectiveness.not_effective",
    })
}

pub fn outcome(m: &Messages, o: Outcome) -> &str {
    m.t(match o {
        Outcome::MajorNonconformity => "report.outcome.major_nonconformity",
        Outcome::MinorNonconformity => "report.outcome.minor_nonconformity",
        Outcome::UngradedNonconformity => "report.outcome.ungraded_nonconformity",
        Outcome::ConformingWithObservations => "report.outcome.conforming_with_observations",
        Outcome::Conforming => "report.outcome.conforming",
        Outcome::NotApplicable => "report.outcome.not_applicable",
        Outcome::NotAudited => "report.outcome.not_audited",
    })
}

pub fn risk(m: &Messages, r: RiskRating) -> &str {
    m.t(match r {
        RiskRating::Low => "report.risk.low",
        RiskRating::Medium => "report.risk.medium",
        RiskRating::High => "report.risk.high",
        RiskRating::Critical => "report.risk.critical",
    })
}

pub fn role(m: &Messages, r: TeamRole) -> &str {
    m.t(match r {
        TeamRole::LeadAuditor => "report.role.lead_auditor",
        TeamRole::Auditor => "report.role.auditor",
        TeamRole::AuditorInTraining => "report.role.auditor_in_training",
        TeamRole::TechnicalExpert => "report.role.technical_expert",
        TeamRole::Observer => "report.role.observer",
        TeamRole::Guide => "report.role.guide",
    })
}

pub fn evidence_kind(m: &Messages, k: EvidenceKind) -> &str {
    m.t(match k {
        EvidenceKind::Document => "report.evidence.kind.document",
        EvidenceKind::Record => "report.evidence.kind.record",
        EvidenceKind::Interview => "report.evidence.kind.interview",
        EvidenceKind::Observation => "report.evidence.kind.observation",
        EvidenceKind::TechnicalVerification => "report.evidence.kind.technical_verification",
    })
}

pub fn sampling_method(m: &Messages, s: SamplingMethod) -> &str {
    m.t(match s {
        SamplingMethod::Judgement => "report.sampling.method.judgement",
        SamplingMethod::Statistical => "report.sampling.method.statistical",
    })
}

pub fn set_kind(m: &Messages, k: SetKind) -> &str {
    m.t(match k {
        SetKind::Policy => "report.set_kind.policy",
        SetKind::Legal => "report.set_kind.legal",
        SetKind::Regulatory => "report.set_kind.regulatory",
        SetKind::Contractual => "report.set_kind.contractual",
        SetKind::Other => "report.set_kind.other",
    })
}

pub fn feasibility(m: &Messages, v: FeasibilityVerdict) -> &str {
    m.t(match v {
        FeasibilityVerdict::Feasible => "report.feasibility.feasible",
        FeasibilityVerdict::FeasibleWithConditions => "report.feasibility.with_conditions",
        FeasibilityVerdict::NotFeasible => "report.feasibility.not_feasible",
    })
}

pub fn adequacy(m: &Messages, a: Adequacy) -> &str {
    m.t(match a {
        Adequacy::Adequate => "report.adequacy.adequate",
        Adequacy::PartlyAdequate => "report.adequacy.partly_adequate",
        Adequacy::Inadequate => "report.adequacy.inadequate",
    })
}

pub fn method(m: &Messages, x: Method) -> &str {
    m.t(match x {
        Method::OnSiteWithInteraction => "report.method.on_site_with_interaction",
        Method::OnSiteWithoutInteraction => "report.method.on_site_without_interaction",
        Method::RemoteWithInteraction => "report.method.remote_with_interaction",
        Method::RemoteWithoutInteraction => "report.method.remote_without_interaction",
    })
}

pub fn limit(m: &Messages, k: LimitKind) -> &str {
    m.t(match k {
        LimitKind::Refused => "report.limit.refused",
        LimitKind::Unavailable => "report.limit.unavailable",
        LimitKind::Confidential => "report.limit.confidential",
    })
}

/// A meeting topic by its key; an unknown key reads as itself.
pub fn topic<'a>(m: &'a Messages, key: &'a str) -> &'a str {
    m.t(match key {
        "plan_confirmed" => "report.topic.plan_confirmed",
        "team_introduced" => "report.topic.team_introduced",
        "methods" => "report.topic.methods",
        "grading" => "report.topic.grading",
        "confidentiality" => "report.topic.confidentiality",
        "communication" => "report.topic.communication",
        "language" => "report.topic.language",
        "safety" => "report.topic.safety",
        "guides" => "report.topic.guides",
        "termination" => "report.topic.termination",
        "feedback" => "report.topic.feedback",
        "closing" => "report.topic.closing",
        "findings_presented" => "report.topic.findings_presented",
        "evidence_sampled" => "report.topic.evidence_sampled",
        "conclusion" => "report.topic.conclusion",
        "diverging_opinions" => "report.topic.diverging_opinions",
        "follow_up" => "report.topic.follow_up",
        "report" => "report.topic.report",
        "complaints" => "report.topic.complaints",
        other => other,
    })
}

/// "87.5 %" (in the language's numbers), or "n/a".
pub fn ratio(m: &Messages, r: &Ratio) -> String {
    match r.percent {
        Some(p) => m.decimal(format!("{p:.1} %")),
        None => m.t("report.na").to_string(),
    }
}
