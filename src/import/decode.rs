//! CSV files as people have them: UTF-8 with or without a byte-order mark, UTF-16
//! (Excel's "Unicode text"), or Windows-1252 (Excel's "CSV" on a Western Windows);
//! separated by `,`, `;` or tabs, whichever the file's lines agree on.

use super::{Cell, Sheet, SheetRow};
use crate::csv;
use crate::error::{Error, Result};

/// The encodings a CSV file is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// The text of `bytes` and the encoding it was read in: a byte-order mark decides;
/// without one, UTF-16 shows as a zero byte beside most ASCII letters, and bytes that
/// are not UTF-8 are Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (utf16(rest, u16::from_le_bytes), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (utf16(rest, u16::from_be_bytes), Encoding::Utf16Be);
    }
    let sample = &bytes[..bytes.len().min(400) & !1];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    if half > 0 && zeros_at(1) * 3 > half * 2 {
        return (utf16(bytes, u16::from_le_bytes), Encoding::Utf16Le);
    }
    if half > 0 && zeros_at(0) * 3 > half * 2 {
        return (utf16(bytes, u16::from_be_bytes), Encoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => (
            bytes.iter().map(|b| windows_1252(*b)).collect(),
            Encoding::Windows1252,
        ),
    }
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| read([p[0], p[1]])).collect();
    let text = String::from_utf16_lossy(&units);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
}

/// The characters Windows-1252 puts at 0x80-0x9F; the rest is Latin-1.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn windows_1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator most lines agree on: for each of `,` `;` and tab, the count per line
/// (outside quotes) that most of the first lines share; the one shared by more lines
/// wins (then the one with more fields). A title line above the table has none, so it
/// does not decide.
pub fn separator(text: &str) -> char {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (',', 0usize, 0usize);
    for candidate in [',', ';', '\t'] {
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for line in &lines {
            let mut quoted = false;
            let n = line
                .chars()
                .filter(|c| {
                    if *c == '"' {
                        quoted = !quoted;
                    }
                    !quoted && *c == candidate
                })
                .count();
            if n == 0 {
                continue;
            }
            match counts.iter_mut().find(|(count, _)| *count == n) {
                Some((_, lines)) => *lines += 1,
                None => counts.push((n, 1)),
            }
        }
        if let Some(&(n, agree)) = counts.iter().max_by_key(|(n, lines)| (*lines, *n))
            && (agree, n) > (best.1, best.2)
        {
            best = (candidate, agree, n);
        }
    }
    best.0
}

/// A CSV file as one sheet of text cells named `name`.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Sheet> {
    let (text, _) = decode(bytes);
    if text.contains('\0') {
        return Err(Error::import(
            "CSV file",
            vec![
                "the file holds binary data, not text; save it from the spreadsheet as CSV, or import the .xlsx itself.".into(),
            ],
        ));
    }
    let rows = csv::parse_with(&text, separator(&text))?;
    Ok(Sheet {
        name: name.to_string(),
        rows: rows
            .into_iter()
            .map(|r| SheetRow {
                line: r.line as u32,
                cells: r
                    .fields
                    .into_iter()
                    .map(|f| {
                        if f.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(f)
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        let text = "Control;Begründung\nA.5.1;“Policy” – ok €\n";
        assert_eq!(decode(text.as_bytes()), (text.into(), Encoding::Utf8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom).0, text);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le), (text.into(), Encoding::Utf16Le));
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(&le);
        assert_eq!(decode(&le_bom).0, text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be), (text.into(), Encoding::Utf16Be));
        let cp1252: Vec<u8> =
            b"Control;Begr\xfcndung\nA.5.1;\x93Policy\x94 \x96 ok \x80\n".to_vec();
        assert_eq!(decode(&cp1252), (text.into(), Encoding::Windows1252));
    }

    #[test]
    fn separators_are_sniffed_past_a_title_line() {
        assert_eq!(
            separator("SoA, version 3\n\na;b;c\n1;2;3\n4;\"x;y\";5\n"),
            ';'
        );
        assert_eq!(separator("a\tb\tc\n1\t2, 3\t4\n"), '\t');
        assert_eq!(separator("a,b\n1,2\n"), ',');
        assert_eq!(separator("just one column\nvalue\n"), ',');
    }
}
