//! Horizontal bar charts as inline SVG: no chart library, no script, nothing fetched.
//! Used by the HTML report and, through the engine, by the page's dashboard.

use super::{Messages, escape_html, labels};
use crate::scoring::Rollup;
use std::fmt::Write;

const ROW: u32 = 26;
const LABEL: u32 = 250;
const BAR: u32 = 300;
/// Characters of a row's label that fit in LABEL at 12 px, even in wide letters; a
/// longer title is cut with "…" (the tooltip has it whole).
const LABEL_CHARS: usize = 30;

/// One bar per roll-up: its conformity (green) over its audited share, with the
/// percentages written out; where nothing is in scope or audited yet, it says so in
/// words. `title` names the chart; the other words are those of `m`.
pub fn bars(title: &str, rollups: &[Rollup], m: &Messages) -> String {
    let height = ROW * rollups.len() as u32 + 30;
    let width = LABEL + BAR + 190;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        escape_html(title)
    );
    let _ = write!(svg, "<title>{}</title>", escape_html(title));
    let _ = write!(
        svg,
        "<text x=\"{LABEL}\" y=\"14\" fill=\"#4f5b6b\">{}</text>",
        m.t("report.chart.legend")
    );
    for (i, r) in rollups.iter().enumerate() {
        let y = 24 + ROW * i as u32;
        let cut = r.title.chars().count() > LABEL_CHARS;
        let label: String = r
            .title
            .chars()
            .take(LABEL_CHARS - usize::from(cut))
            .collect();
        let label = if cut { format!("{label}…") } else { label };
        // The whole title as the label's tooltip, cut or not (the same markup for every
        // title, which the report's escaping test relies on).
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b2330\"><title>{}</title>{}</text>",
            LABEL - 8,
            y + 13,
            escape_html(&r.title),
            escape_html(&label)
        );
        let _ = write!(
            svg,
            "<rect x=\"{LABEL}\" y=\"{}\" width=\"{BAR}\" height=\"16\" fill=\"#e5e9f0\"/>",
            y + 2
        );
        let value = match r.figures.conformity.percent {
            Some(p) => {
                let w = (f64::from(BAR) * p / 100.0).round() as u32;
                let colour = if r.figures.nonconforming > 0 {
                    "#b42318"
                } else {
                    "#067647"
                };
                let _ = write!(
                    svg,
                    "<rect x=\"{LABEL}\" y=\"{}\" width=\"{w}\" height=\"16\" fill=\"{colour}\"/>",
                    y + 2
                );
                m.tf(
                    "report.chart.value",
                    &[
                        ("conformity", &format!("{p:.0} %")),
                        ("coverage", &labels::ratio(m, &r.figures.coverage)),
                    ],
                )
            }
            None if r.figures.in_scope == 0 => m.t("report.chart.nothing_in_scope").to_string(),
            None => m.t("report.chart.none_audited").to_string(),
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" fill=\"#1b2330\">{value}</text>",
            LABEL + BAR + 8,
            y + 13
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{Figures, Ratio};

    fn bars(title: &str, rollups: &[Rollup]) -> String {
        let en = include_str!("../../www/src/messages/en/report.json");
        super::bars(title, rollups, &serde_json::from_str(en).unwrap())
    }

    fn rollup(title: &str, in_scope: u32, audited: u32, conforming: u32) -> Rollup {
        Rollup {
            id: "g".into(),
            title: title.into(),
            figures: Figures {
                in_scope,
                audited,
                conforming,
                nonconforming: audited - conforming,
                coverage: Ratio::of(audited, in_scope),
                conformity: Ratio::of(conforming, audited),
            },
            findings: 0,
        }
    }

    #[test]
    fn a_long_label_is_cut_to_fit_and_kept_whole_in_its_tooltip() {
        let title = "Supplier security requirements of the group procurement policy";
        let svg = bars("t", &[rollup(title, 2, 1, 1)]);
        let shown: String = title.chars().take(LABEL_CHARS - 1).collect();
        assert!(
            svg.contains(&format!("<title>{title}</title>{shown}…</text>")),
            "{svg}"
        );
        assert!(svg.contains("100 % (50.0 % audited)"), "{svg}");
    }

    #[test]
    fn rows_without_figures_say_why_in_words() {
        let svg = bars("t", &[rollup("Empty", 0, 0, 0), rollup("Waiting", 3, 0, 0)]);
        assert!(svg.contains(">nothing in scope<"), "{svg}");
        assert!(svg.contains(">none audited yet<"), "{svg}");
        assert!(!svg.contains("n/a"), "{svg}");
    }
}
