//! The conduct records (initiation, feasibility, team, document review, plan, meetings,
//! communications, information not obtained) as titled blocks of labelled lines and
//! tables, so that the HTML and Markdown reports show the same things in the same
//! order; each renderer escapes the text it writes.

use super::{Messages, Report, ReportMeeting, labels};
use crate::audit::conduct::Contact;

/// One part of the conduct section.
pub struct Block<'a> {
    pub title: &'a str,
    /// The element id the HTML report gives its table.
    pub id: &'static str,
    /// Label and value pairs, shown before the table.
    pub lines: Vec<(&'a str, String)>,
    pub head: Vec<&'a str>,
    pub rows: Vec<Vec<String>>,
    /// Said when there are neither lines nor rows.
    pub empty: &'a str,
}

impl<'a> Block<'a> {
    fn new(m: &'a Messages, title: &'a str, id: &'static str, empty: &'a str) -> Self {
        Block {
            title: m.t(title),
            id,
            lines: Vec::new(),
            head: Vec::new(),
            rows: Vec::new(),
            empty: if empty.is_empty() { "" } else { m.t(empty) },
        }
    }

    /// Adds a line when its value is not empty.
    fn line(&mut self, label: &'a str, value: &str) {
        if !value.is_empty() {
            self.lines.push((label, value.to_string()));
        }
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

fn meeting<'a>(
    m: &'a Messages,
    title: &'a str,
    id: &'static str,
    meeting: &Option<ReportMeeting>,
) -> Block<'a> {
    let mut b = Block::new(m, title, id, "report.conduct.not_recorded");
    let Some(x) = meeting else { return b };
    let topics: Vec<&str> = x.topic_keys.iter().map(|k| labels::topic(m, k)).collect();
    b.line(m.t("report.conduct.date"), &x.date);
    b.line(m.t("report.conduct.topics"), &topics.join("; "));
    b.line(m.t("report.conduct.notes"), &x.notes);
    b.head = vec![
        m.t("report.conduct.attendee"),
        m.t("report.conduct.role"),
        m.t("report.conduct.organisation"),
    ];
    b.rows = x
        .attendees
        .iter()
        .map(|a| vec![a.name.clone(), a.role.clone(), a.organisation.clone()])
        .collect();
    for f in &x.findings {
        let mut text = m
            .t(if f.acknowledged {
                "report.conduct.acknowledged"
            } else {
                "report.conduct.not_acknowledged"
            })
            .to_string();
        if !f.diverging_opinion.is_empty() {
            text += &m.tf(
                "report.conduct.diverging",
                &[("opinion", &f.diverging_opinion)],
            );
        }
        if !f.resolution.is_empty() {
            text += &m.tf(
                "report.conduct.resolution",
                &[("resolution", &f.resolution)],
            );
        }
        b.lines.push((
            m.t("report.conduct.finding"),
            format!("{} {text}", f.reference),
        ));
    }
    b
}

/// The blocks of the report's conduct section, in the order the audit ran.
pub fn blocks<'a>(r: &Report, m: &'a Messages) -> Vec<Block<'a>> {
    let c = &r.conduct;
    let a = &r.audit;
    let t = |key: &'a str| m.t(key);
    let mut dates = Block::new(m, "report.conduct.dates", "conduct-dates", "");
    dates.line(
        t("report.conduct.planned"),
        &m.tf(
            "report.dates.range",
            &[("start", &a.planned_start), ("end", &a.planned_end)],
        ),
    );
    dates.line(
        t("report.conduct.carried_out"),
        &match (&a.actual_start, &a.actual_end) {
            (Some(s), Some(e)) => m.tf("report.dates.range", &[("start", s), ("end", e)]),
            (Some(s), None) => m.tf("report.conduct.from_not_completed", &[("start", s)]),
            _ => t("report.conduct.not_started").to_string(),
        },
    );

    let i = &c.initiation;
    let mut initiation = Block::new(
        m,
        "report.conduct.initiation",
        "conduct-initiation",
        "report.conduct.not_recorded",
    );
    initiation.line(
        t("report.conduct.client_contacts"),
        &contacts(&i.client_contacts),
    );
    initiation.line(
        t("report.conduct.auditee_contacts"),
        &contacts(&i.auditee_contacts),
    );
    initiation.line(t("report.conduct.access"), &i.access);
    initiation.line(t("report.conduct.confidentiality"), &i.confidentiality);
    initiation.line(t("report.conduct.safety"), &i.safety);
    initiation.line(t("report.conduct.language"), &i.language);
    initiation.line(t("report.conduct.areas_of_concern"), &i.areas_of_concern);
    if let Some(f) = &c.feasibility {
        initiation.line(
            t("report.conduct.feasibility"),
            &m.tf(
                "report.conduct.feasibility_value",
                &[
                    ("verdict", &labels::feasibility(m, f.verdict)),
                    ("by", &f.determined_by),
                    ("date", &f.determined_at),
                ],
            ),
        );
        initiation.line(t("report.conduct.feasibility_reasons"), &f.reasons);
        initiation.line(t("report.conduct.alternative"), &f.alternative);
    }

    let mut team = Block::new(
        m,
        "report.conduct.team",
        "conduct-team",
        "report.conduct.team.none",
    );
    team.head = vec![
        t("report.conduct.name"),
        t("report.conduct.role"),
        t("report.conduct.criteria_assigned"),
    ];
    team.rows = c
        .team
        .iter()
        .map(|x| {
            vec![
                x.name.clone(),
                labels::role(m, x.role).to_string(),
                x.criteria.join(", "),
            ]
        })
        .collect();

    let mut documents = Block::new(
        m,
        "report.conduct.documents",
        "conduct-documents",
        "report.conduct.documents.none",
    );
    documents.head = vec![
        t("report.conduct.no"),
        t("report.conduct.document"),
        t("report.conduct.version"),
        t("report.conduct.date"),
        t("report.conduct.owner"),
        t("report.conduct.adequacy"),
        t("report.conduct.gaps"),
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
                labels::adequacy(m, f.adequacy).to_string(),
                f.gaps.clone(),
            ]
        })
        .collect();

    let mut plan = Block::new(
        m,
        "report.conduct.plan",
        "conduct-sessions",
        "report.conduct.plan.none",
    );
    if let Some(p) = &c.plan_acceptance {
        plan.line(
            t("report.conduct.accepted"),
            &m.tf(
                "report.conduct.accepted_value",
                &[("by", &p.accepted_by), ("date", &p.date)],
            ),
        );
    }
    plan.head = vec![
        t("report.conduct.date"),
        t("report.conduct.time"),
        t("report.conduct.activity"),
        t("report.conduct.place"),
        t("report.conduct.auditees"),
        t("report.conduct.criteria"),
        t("report.conduct.auditors"),
    ];
    let mut sessions: Vec<_> = c.sessions.iter().collect();
    sessions.sort_by(|x, y| (&x.date, &x.start, x.number).cmp(&(&y.date, &y.start, y.number)));
    plan.rows = sessions
        .into_iter()
        .map(|s| {
            let method = labels::method(m, s.method);
            let place = if s.place.is_empty() {
                method.to_string()
            } else {
                format!("{}, {method}", s.place)
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
        m,
        "report.conduct.log",
        "conduct-communications",
        "report.conduct.log.none",
    );
    log.head = vec![
        t("report.conduct.no"),
        t("report.conduct.date"),
        t("report.conduct.from"),
        t("report.conduct.to"),
        t("report.conduct.subject"),
        t("report.conduct.escalated"),
    ];
    log.rows = c
        .communications
        .iter()
        .map(|x| {
            let f = &x.message;
            vec![
                x.number.to_string(),
                f.date.clone(),
                f.from.clone(),
                f.to.clone(),
                f.subject.clone(),
                t(if f.escalation {
                    "report.yes"
                } else {
                    "report.no"
                })
                .to_string(),
            ]
        })
        .collect();

    let mut limits = Block::new(
        m,
        "report.conduct.limits",
        "conduct-limits",
        "report.conduct.limits.none",
    );
    limits.head = vec![
        t("report.conduct.no"),
        t("report.conduct.information"),
        t("report.conduct.why"),
        t("report.conduct.effect"),
    ];
    limits.rows = c
        .information_limits
        .iter()
        .map(|l| {
            vec![
                l.number.to_string(),
                l.limit.information.clone(),
                labels::limit(m, l.limit.kind).to_string(),
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
        meeting(m, "report.conduct.opening", "conduct-opening", &c.opening),
        meeting(m, "report.conduct.closing", "conduct-closing", &c.closing),
        log,
        limits,
    ]
}
