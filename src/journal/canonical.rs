//! The canonical JSON form the audit trail hashes: RFC 8785 (JSON Canonicalization
//! Scheme). Keys sorted by their UTF-16 code units, no whitespace, strings with the
//! minimal escapes, numbers as ECMAScript prints them. The same value therefore hashes
//! the same whichever way it travelled: `10.0` from Rust and `10` back from IndexedDB
//! or a backup file are one number, written `10`.

use serde_json::Value;
use std::fmt::Write;

/// The RFC 8785 text of `value`.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            // Integers that a double holds exactly print as themselves; JSON numbers
            // beyond that are doubles in every JavaScript reader, so they print as one.
            (Some(i), _, _) if i.unsigned_abs() <= MAX_SAFE => {
                let _ = write!(out, "{i}");
            }
            (_, Some(u), _) if u <= MAX_SAFE => {
                let _ = write!(out, "{u}");
            }
            (_, _, Some(f)) => write_number(out, f),
            _ => out.push_str("null"),
        },
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// 2^53: the largest integer below which every integer is a double.
const MAX_SAFE: u64 = 9_007_199_254_740_992;

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finite double as ECMAScript's `Number.prototype.toString` writes it (the number
/// serialisation RFC 8785 prescribes). JSON has no NaN or infinity: they cannot occur
/// in a parsed value, and print as `null` like `JSON.stringify` does.
fn write_number(out: &mut String, f: f64) {
    if !f.is_finite() {
        out.push_str("null");
        return;
    }
    if f == 0.0 {
        out.push('0'); // also -0
        return;
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, as ECMAScript requires.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exponent) = sci.split_once('e').expect("`{:e}` has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    // The decimal point sits after `n` digits: value = 0.digits × 10^n.
    let n = exponent
        .parse::<i32>()
        .expect("`{:e}` exponent is an integer")
        + 1;
    if f < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn num(f: f64) -> String {
        to_string(&json!(f))
    }

    #[test]
    fn numbers_print_as_ecmascript_does() {
        // Expected strings are what `String(x)` gives in a JavaScript engine.
        let cases: &[(f64, &str)] = &[
            (10.0, "10"),
            (-0.0, "0"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.3333333333333333"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (-1.25e25, "-1.25e+25"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (9007199254740993.0, "9007199254740992"),
            (0.000123, "0.000123"),
            (333_333_333.333_333_3, "333333333.3333333"),
        ];
        for (f, expected) in cases {
            assert_eq!(&num(*f), expected, "{f:e}");
        }
    }

    #[test]
    fn an_integral_float_and_the_integer_are_one_number() {
        assert_eq!(to_string(&json!(10.0)), to_string(&json!(10)));
        assert_eq!(to_string(&json!({"w": [10.0, 2.5]})), r#"{"w":[10,2.5]}"#);
        assert_eq!(to_string(&json!(u64::MAX)), "18446744073709552000");
        assert_eq!(to_string(&json!(-42)), "-42");
    }

    #[test]
    fn keys_sort_by_utf16_and_strings_escape_minimally() {
        let value: Value = serde_json::from_str(
            r#"{"b":1,"a":{"z":null,"y":true},"\ufb33":0,"\ud83d\ude00":0,"\r":"\u0007\"\\/é\u007f"}"#,
        )
        .unwrap();
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 by UTF-16, after it by UTF-8.
        assert_eq!(
            to_string(&value),
            "{\"\\r\":\"\\u0007\\\"\\\\/é\u{7f}\",\"a\":{\"y\":true,\"z\":null},\"b\":1,\"😀\":0,\"\u{fb33}\":0}"
        );
    }
}
