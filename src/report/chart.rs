//! Horizontal bar charts as inline SVG: no chart library, no script, nothing fetched.
//! Used by the HTML report and, through the engine, by the page's dashboard.

use super::escape_html;
use crate::scoring::Rollup;
use std::fmt::Write;

const ROW: u32 = 26;
const LABEL: u32 = 250;
const BAR: u32 = 300;

/// One bar per roll-up: its conformity (green) over its audited share, with the
/// percentages written out; "n/a" where nothing is audited. `title` names the chart.
pub fn bars(title: &str, rollups: &[Rollup]) -> String {
    let height = ROW * rollups.len() as u32 + 30;
    let width = LABEL + BAR + 190;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        escape_html(title)
    );
    let _ = write!(svg, "<title>{}</title>", escape_html(title));
    let _ = write!(
        svg,
        "<text x=\"{LABEL}\" y=\"14\" fill=\"#4f5b6b\">conformity of audited criteria (coverage in brackets)</text>"
    );
    for (i, r) in rollups.iter().enumerate() {
        let y = 24 + ROW * i as u32;
        let label: String = r.title.chars().take(40).collect();
        let label = if r.title.chars().count() > 40 {
            format!("{label}…")
        } else {
            label
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b2330\">{}</text>",
            LABEL - 8,
            y + 13,
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
                format!("{p:.0} %")
            }
            None => "n/a".to_string(),
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" fill=\"#1b2330\">{value} ({} audited)</text>",
            LABEL + BAR + 8,
            y + 13,
            r.figures.coverage.display()
        );
    }
    svg.push_str("</svg>");
    svg
}
