//! The words of the reports and exported documents in one language: the `report.*` keys
//! of the page's message catalog (www/src/messages/<lang>/report.json), handed to the
//! engine by the page (`AuditApp.setReportMessages`). The catalogs are not compiled into
//! the engine; a key without a message reads as itself.

use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Display;

/// Key -> message, as the catalog has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Messages(HashMap<String, String>);

impl Messages {
    pub fn new(messages: HashMap<String, String>) -> Self {
        Messages(messages)
    }

    /// The message `key`, or the key itself when there is none.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The message `key` with each `{name}` replaced by its value in `args`, and each
    /// number choice `{n, plural, =0 {…} one {…} other {…}}` resolved (`#` is the number).
    pub fn tf(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        format(self.t(key), args)
    }

    /// `tf` with `english` for a key without a message (the office module's files, read
    /// from a model an older page may have sent without messages).
    pub fn tf_or(&self, key: &str, english: &str, args: &[(&str, &dyn Display)]) -> String {
        match self.t(key) {
            found if found == key => format(english, args),
            found => format(found, args),
        }
    }

    /// Whether the page sent any messages (native callers and tests send none: the
    /// engine's views then keep their own English words).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message `key` with `args` (see [`Messages::tf`]), or `english` when the page
    /// sent no message for it: the engine's views keep their own words then.
    pub fn or(&self, key: &str, args: &[(&str, &dyn Display)], english: String) -> String {
        if self.0.contains_key(key) {
            self.tf(key, args)
        } else {
            english
        }
    }

    /// The language of the messages ("en", "de"), from the `report.lang` key.
    pub fn lang(&self) -> &str {
        self.0.get("report.lang").map_or("en", String::as_str)
    }

    /// `value` with the language's decimal separator.
    pub fn decimal(&self, value: String) -> String {
        match self.t("report.number.decimal") {
            "." | "report.number.decimal" => value,
            sep => value.replace('.', sep),
        }
    }
}

fn format(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + matching(&rest[open..]);
        out.push_str(&placeholder(&rest[open + 1..close], args));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The offset of the `}` closing the `{` that `text` starts with.
fn matching(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len().saturating_sub(1)
}

fn placeholder(body: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut parts = body.splitn(3, ',');
    let name = parts.next().unwrap_or("").trim();
    let value = args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string());
    let (Some("plural"), Some(cases)) = (parts.next().map(str::trim), parts.next()) else {
        return value.unwrap_or_else(|| format!("{{{body}}}"));
    };
    let value = value.unwrap_or_default();
    let n: i64 = value.parse().unwrap_or(0);
    let (mut exact, mut one, mut other) = (None, None, "");
    let mut rest = cases;
    while let Some(open) = rest.find('{') {
        let selector = rest[..open].trim();
        let close = open + matching(&rest[open..]);
        let case = &rest[open + 1..close];
        match selector {
            "one" => one = Some(case),
            "other" => other = case,
            s if s.strip_prefix('=').and_then(|s| s.parse().ok()) == Some(n) => exact = Some(case),
            _ => {}
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    let chosen = exact.or(one.filter(|_| n == 1));
    format(&chosen.unwrap_or(other).replace('#', &value), args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Messages {
        Messages::new(HashMap::from([
            ("a".to_string(), "Hello {name}.".to_string()),
            (
                "b".to_string(),
                "{n, plural, =0 {no criteria} one {# criterion} other {# criteria}} left"
                    .to_string(),
            ),
        ]))
    }

    #[test]
    fn placeholders_and_number_choices() {
        let m = m();
        assert_eq!(m.tf("a", &[("name", &"Alex")]), "Hello Alex.");
        assert_eq!(m.tf("b", &[("n", &0)]), "no criteria left");
        assert_eq!(m.tf("b", &[("n", &1)]), "1 criterion left");
        assert_eq!(m.tf("b", &[("n", &12)]), "12 criteria left");
        assert_eq!(m.t("missing"), "missing");
        assert_eq!(m.tf("a", &[]), "Hello {name}.");
    }
}
