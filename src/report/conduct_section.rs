//! The conduct records (initiation, feasibility, team, document review, plan, meetings,
//! communications, information not obtained) as titled blocks of labelled lines and
//! tables, so that the HTML and Markdown reports show the same things in the same
//! order; each renderer escapes the text it writes.

use super::{Report, ReportMeeting};
use crate::audit::conduct::{Adequacy, Contact, FeasibilityVerdict, LimitKind};
use crate::audit::sessions::Method;

/// One part of the conduct section.
pub struct Block {
    pub title: &'static str,
    /// The element id the HTML report gives its table.
    pub id: &'static str,
    /// Label and value pairs, shown before the table.
    pub lines: Vec<(&'static str, String)>,
    pub head: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    /// Said when there are neither lines nor rows.
    pub empty: &'static str,
}

impl Block {
    fn new(title: &'static str, id: &'static str, empty: &'static str) -> Self {
        Block {
            title,
            id,
            lines: Vec::new(),
            head: &[],
            rows: Vec::new(),
            empty,
        }
    }

    /// Adds a line when its value is not empty.
    fn line(&mut self, label: &'static str, value: &str) {
        if !value.is_empty() {
            self.lines.push((label, value.to_string()));
        }
    }
}

pub fn feasibility_label(v: FeasibilityVerdict) -> &'static str {
    match v {
        FeasibilityVerdict::Feasible => "feasible",
        FeasibilityVerdict::FeasibleWithConditions => "feasible with conditions",
        FeasibilityVerdict::NotFeasible => "not feasible",
    }
}

pub fn adequacy_label(a: Adequacy) -> &'static str {
    match a {
        Adequacy::Adequate => "adequate",
        Adequacy::PartlyAdequate => "partly adequate",
        Adequacy::Inadequate => "inadequate",
    }
}

pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::OnSiteWithInteraction => "on site, with interaction",
        Method::OnSiteWithoutInteraction => "on site, without interaction",
        Method::RemoteWithInteraction => "remote, with interaction",
        Method::RemoteWithoutInteraction => "remote, without interaction",
    }
}

pub fn limit_label(k: LimitKind) -> &'static str {
    match k {
        LimitKind::Refused => "refused",
        LimitKind::Unavailable => "unavailable",
        LimitKind::Confidential => "withheld as confidential",
    }
}

fn contacts(list: &[Contact]) -> String {
    list.iter()
        .map(|c| {
            [c.name.as_str(), c.role.as_str(), c.contact.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn meeting(title: &'static str, id: &'static str, m: &Option<ReportMeeting>) -> Block {
    let mut b = Block::new(title, id, "Not recorded.");
    let Some(m) = m else { return b };
    b.line("Date", &m.date);
    b.line("Topics covered", &m.topics.join("; "));
    b.line("Notes", &m.notes);
    b.head = &["Attendee", "Role", "Organisation"];
    b.rows = m
        .attendees
        .iter()
        .map(|a| vec![a.name.clone(), a.role.clone(), a.organisation.clone()])
        .collect();
    for f in &m.findings {
        let answer = if f.acknowledged {
            "acknowledged".to_string()
        } else {
            "not acknowledged".to_string()
        };
        let mut text = answer;
        if !f.diverging_opinion.is_empty() {
            text += &format!("; diverging opinion: {}", f.diverging_opinion);
        }
        if !f.resolution.is_empty() {
            text += &format!("; resolution: {}", f.resolution);
        }
        b.lines.push(("Finding", format!("{} {text}", f.reference)));
    }
    b
}

/// The blocks of the report's conduct section, in the order the audit ran.
pub fn blocks(r: &Report) -> Vec<Block> {
    let c = &r.conduct;
    let a = &r.audit;
    let mut dates = Block::new("Dates", "conduct-dates", "");
    dates.line(
        "Planned",
        &format!("{} to {}", a.planned_start, a.planned_end),
    );
    dates.line(
        "Carried out",
        &match (&a.actual_start, &a.actual_end) {
            (Some(s), Some(e)) => format!("{s} to {e}"),
            (Some(s), None) => format!("from {s}, not completed yet"),
            _ => "not started yet".to_string(),
        },
    );

    let i = &c.initiation;
    let mut initiation = Block::new("Initiation", "conduct-initiation", "Not recorded.");
    initiation.line("Client contacts", &contacts(&i.client_contacts));
    initiation.line("Auditee contacts", &contacts(&i.auditee_contacts));
    initiation.line("Access", &i.access);
    initiation.line("Confidentiality", &i.confidentiality);
    initiation.line("Safety and security", &i.safety);
    initiation.line("Language", &i.language);
    initiation.line("Areas of concern", &i.areas_of_concern);
    if let Some(f) = &c.feasibility {
        initiation.line(
            "Feasibility",
            &format!(
                "{}, determined by {} on {}",
                feasibility_label(f.verdict),
                f.determined_by,
                f.determined_at
            ),
        );
        initiation.line("Feasibility reasons", &f.reasons);
        initiation.line("Alternative proposed", &f.alternative);
    }

    let mut team = Block::new("Audit team", "conduct-team", "No team recorded.");
    team.head = &["Name", "Role", "Criteria assigned"];
    team.rows = c
        .team
        .iter()
        .map(|m| vec![m.name.clone(), m.role_label.clone(), m.criteria.join(", ")])
        .collect();

    let mut documents = Block::new(
        "Review of documented information",
        "conduct-documents",
        "No document review recorded.",
    );
    documents.head = &[
        "No.", "Document", "Version", "Date", "Owner", "Adequacy", "Gaps",
    ];
    documents.rows = c
        .documents
        .iter()
        .map(|d| {
            let f = &d.document;
            vec![
                d.number.to_string(),
                f.title.clone(),
                f.version.clone(),
                f.date.clone(),
                f.owner.clone(),
                adequacy_label(f.adequacy).to_string(),
                f.gaps.clone(),
            ]
        })
        .collect();

    let mut plan = Block::new("Audit plan", "conduct-sessions", "No sessions planned.");
    if let Some(p) = &c.plan_acceptance {
        plan.line("Accepted", &format!("by {} on {}", p.accepted_by, p.date));
    }
    plan.head = &[
        "Date",
        "Time",
        "Activity",
        "Place and method",
        "Auditees",
        "Criteria",
        "Auditors",
    ];
    let mut sessions: Vec<_> = c.sessions.iter().collect();
    sessions.sort_by(|x, y| (&x.date, &x.start, x.number).cmp(&(&y.date, &y.start, y.number)));
    plan.rows = sessions
        .into_iter()
        .map(|s| {
            let place = if s.place.is_empty() {
                method_label(s.method).to_string()
            } else {
                format!("{}, {}", s.place, method_label(s.method))
            };
            vec![
                s.date.clone(),
                format!("{}–{}", s.start, s.end),
                s.activity.clone(),
                place,
                s.auditees.join(", "),
                s.criteria.join(", "),
                s.auditors.join(", "),
            ]
        })
        .collect();

    let mut log = Block::new(
        "Communication log",
        "conduct-communications",
        "No communication logged.",
    );
    log.head = &["No.", "Date", "From", "To", "Subject", "Escalated"];
    log.rows = c
        .communications
        .iter()
        .map(|m| {
            let f = &m.message;
            vec![
                m.number.to_string(),
                f.date.clone(),
                f.from.clone(),
                f.to.clone(),
                f.subject.clone(),
                if f.escalation { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();

    let mut limits = Block::new(
        "Information not obtained",
        "conduct-limits",
        "All information asked for was obtained.",
    );
    limits.head = &["No.", "Information", "Why", "Effect on the audit"];
    limits.rows = c
        .information_limits
        .iter()
        .map(|l| {
            vec![
                l.number.to_string(),
                l.limit.information.clone(),
                limit_label(l.limit.kind).to_string(),
                l.limit.effect.clone(),
            ]
        })
        .collect();

    vec![
        dates,
        initiation,
        team,
        documents,
        plan,
        meeting("Opening meeting", "conduct-opening", &c.opening),
        meeting("Closing meeting", "conduct-closing", &c.closing),
        log,
        limits,
    ]
}
