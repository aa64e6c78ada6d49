//! Quantities in prose: "4½", "4.5", "four and a half", "9/2", "$1,200", "1200 dollars",
//! "$1.2k", "3 × 10⁸ m/s", "300,000 km/s", "186,000 miles per second", "4 hours and
//! 30 minutes", "spring of '86", "26 April 1986" (the year; the day is skipped).
//! Values are converted to one unit per dimension (data: units), so quantities written
//! in different units compare. docs/consensus.md, "3. Bottom lines". Twin of
//! server/core/fallback/quantities.ts; positions here are byte offsets where the TS
//! has UTF-16 indices (both only order and join tokens, so the results agree).

use crate::js;
use crate::params::params;

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// In the dimension's base unit (or as written when there is no unit).
    pub value: f64,
    /// As written, times any multiplier ("1.2k" is 1200), before unit conversion.
    pub raw: f64,
    /// "time", "mass", "length/time", "usd", "temperature", ... or "" for a bare number.
    pub dimension: String,
    pub approximate: bool,
    pub year: bool,
    /// Written in words ("four and a half"), not digits.
    pub spelled: bool,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Number,
    Word,
    Symbol,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    text: String,
    start: usize,
    end: usize,
    value: f64,
    /// Digits written with thousands separators or a decimal point: not a year.
    formatted: bool,
}

fn vulgar(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

fn vulgar_text(text: &str) -> Option<f64> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    vulgar(c)
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_digit(c: char) -> Option<usize> {
    SUPERSCRIPTS.iter().position(|&s| s == c)
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

fn is_currency_code(dimension: &str) -> bool {
    params().currencies.values().any(|v| v == dimension)
}

/// The character at byte i as the TS reads `text[i]`, one UTF-16 unit: None past the
/// end and for a character outside the BMP (half of a surrogate pair matches no test).
#[inline]
fn code_unit_at(text: &str, i: usize) -> Option<(char, usize)> {
    if i >= text.len() {
        return None;
    }
    let c = text[i..].chars().next()?;
    if c.len_utf16() == 2 {
        None
    } else {
        Some((c, c.len_utf8()))
    }
}

#[inline]
fn is_digit_at(b: &[u8], i: usize) -> bool {
    i < b.len() && b[i].is_ascii_digit()
}

/// `/\p{L}/u.test(text[i])`.
#[inline]
fn letter_at(text: &str, i: usize) -> bool {
    code_unit_at(text, i).is_some_and(|(c, _)| js::is_letter(c))
}

fn digit_run(b: &[u8], i: usize, end: usize) -> usize {
    let mut j = i;
    while j < end && b[j].is_ascii_digit() {
        j += 1;
    }
    j
}

/// A number token at i: grouped digits, decimals, an attached vulgar fraction or superscript power.
fn read_number(text: &str, i: usize) -> Token {
    let b = text.as_bytes();
    let end = b.len();
    let mut j = digit_run(b, i, end);
    let mut formatted = false;
    if j - i <= 3 {
        while let Some((sep, len)) = code_unit_at(text, j) {
            let group_end = j + len + 3;
            if (sep == ',' || is_group_space(sep))
                && group_end <= end
                && digit_run(b, j + len, end) == group_end
            {
                j = group_end;
                formatted = true;
            } else {
                break;
            }
        }
    }
    if j < end && b[j] == b'.' && is_digit_at(b, j + 1) {
        j = digit_run(b, j + 1, end);
        formatted = true;
    }
    let digits: String = text[i..j]
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut value: f64 = digits.parse().unwrap_or(f64::NAN);
    if let Some((c, len)) = code_unit_at(text, j) {
        if let Some(fraction) = vulgar(c) {
            value += fraction;
            j += len;
            formatted = true;
        }
    }
    if j < end && (b[j] == b'e' || b[j] == b'E') && is_digit_at(b, j + 1) {
        let k = digit_run(b, j + 1, end);
        if !letter_at(text, k) {
            let exponent: f64 = text[j + 1..k].parse().unwrap_or(f64::NAN);
            value *= js::pow10(exponent);
            j = k;
            formatted = true;
        }
    }
    Token {
        kind: Kind::Number,
        text: text[i..j].to_string(),
        start: i,
        end: j,
        value,
        formatted,
    }
}

fn lex(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let end = b.len();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < end {
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        let len = c.len_utf8();
        let bmp = c.len_utf16() == 1;
        if c.is_ascii_digit() {
            let t = read_number(text, i);
            i = t.end;
            tokens.push(t);
        } else if let Some(value) = vulgar(c) {
            tokens.push(Token {
                kind: Kind::Number,
                text: c.to_string(),
                start: i,
                end: i + len,
                value,
                formatted: true,
            });
            i += len;
        } else if bmp && js::is_letter(c) {
            let mut j = i + len;
            while let Some((d, dl)) = code_unit_at(text, j) {
                if js::is_letter(d) || ((d == '\'' || d == '’') && letter_at(text, j + dl)) {
                    j += dl;
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: Kind::Word,
                text: js::lower(&text[i..j]),
                start: i,
                end: j,
                value: 0.0,
                formatted: false,
            });
            i = j;
        } else if bmp && js::is_space(c) {
            i += len;
        } else {
            tokens.push(Token {
                kind: Kind::Symbol,
                text: c.to_string(),
                start: i,
                end: i + len,
                value: 0.0,
                formatted: false,
            });
            i += len;
        }
    }
    tokens
}

#[inline]
fn adjacent(a: &Token, b: Option<&Token>) -> bool {
    b.is_some_and(|b| a.end == b.start)
}

#[derive(Clone, Debug)]
struct Unit {
    dimension: String,
    factor: f64,
    /// Tokens consumed.
    length: usize,
}

/// The longest unit name (one to three tokens, joined as written) at token k.
fn simple_unit(tokens: &[Token], k: usize) -> Option<Unit> {
    let mut best: Option<Unit> = None;
    let mut name = String::new();
    let mut n = 0;
    while n < 3 && k + n < tokens.len() {
        let t = &tokens[k + n];
        if n > 0 && !adjacent(&tokens[k + n - 1], Some(t)) {
            name.push(' ');
        }
        name.push_str(&t.text);
        if let Some((dimension, factor)) = params().units.get(&name) {
            best = Some(Unit {
                dimension: dimension.clone(),
                factor: *factor,
                length: n + 1,
            });
        }
        n += 1;
    }
    if best.is_none() && tokens.get(k).is_some_and(|t| t.text == "degrees") {
        if let Some(next) = simple_unit(tokens, k + 1) {
            if next.dimension == "celsius" || next.dimension == "fahrenheit" {
                return Some(Unit {
                    length: next.length + 1,
                    ..next
                });
            }
        }
    }
    best
}

/// A unit, or a rate "unit per unit" / "unit/unit" ("miles per second", "km/h").
fn unit_at(tokens: &[Token], k: usize) -> Option<Unit> {
    let first = simple_unit(tokens, k)?;
    if let Some(per) = tokens.get(k + first.length) {
        if params().per_words.contains(&per.text) && !first.dimension.contains('/') {
            if let Some(second) = simple_unit(tokens, k + first.length + 1) {
                if !second.dimension.contains('/') && second.dimension != first.dimension {
                    return Some(Unit {
                        dimension: format!("{}/{}", first.dimension, second.dimension),
                        factor: first.factor / second.factor,
                        length: first.length + 1 + second.length,
                    });
                }
            }
        }
    }
    Some(first)
}

/// A number written in words at token k: "four", "twelve hundred", "four and a half", "a third".
fn word_number(tokens: &[Token], k: usize) -> Option<(f64, usize)> {
    let p = params();
    let mut n = 0;
    let mut total = 0.0;
    let mut current = 0.0;
    let mut seen = false;
    while k + n < tokens.len() {
        let w = tokens[k + n].text.as_str();
        if let Some(&units) = p.number_words.get(w) {
            current += units;
            seen = true;
        } else if let (Some(&scale), true) = (p.scale_words.get(w), seen) {
            current = (if current == 0.0 { 1.0 } else { current }) * scale;
            if scale >= 1000.0 {
                total += current;
                current = 0.0;
            }
        } else if w == "-" && seen {
            // "twenty-five"
        } else {
            break;
        }
        n += 1;
    }
    if seen {
        let after_and = usize::from(tokens.get(k + n).is_some_and(|t| t.text == "and"));
        if after_and == 1 {
            if let Some((fraction, length)) = fraction_words(tokens, k + n + after_and) {
                return Some((total + current + fraction, n + 1 + length));
            }
        }
        return Some((total + current, n));
    }
    fraction_words(tokens, k)
}

fn fraction_words(tokens: &[Token], k: usize) -> Option<(f64, usize)> {
    for n in [2, 1] {
        if k + n > tokens.len() {
            continue;
        }
        let phrase = tokens[k..k + n]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(&value) = params().fraction_words.get(&phrase) {
            return Some((value, n));
        }
    }
    None
}

/// "× 10⁸", "x 10^8", "* 10^8" after a number: the power of ten and the tokens used.
fn power_of_ten(text: &str, tokens: &[Token], k: usize) -> Option<(f64, usize)> {
    let times = tokens.get(k)?;
    let ten = tokens.get(k + 1)?;
    if !matches!(times.text.as_str(), "×" | "x" | "*" | "·") {
        return None;
    }
    if ten.kind != Kind::Number || !ten.text.starts_with("10") {
        return None;
    }
    let mut j = ten.start + 2;
    let mut exponent = String::new();
    while let Some((c, len)) = code_unit_at(text, j) {
        let Some(d) = superscript_digit(c) else { break };
        exponent.push((b'0' + d as u8) as char);
        j += len;
    }
    // "10⁸" lexes as "10" followed by a symbol per superscript digit.
    if !exponent.is_empty() && ten.text == "10" {
        let mut n = 2;
        while tokens.get(k + n).is_some_and(|t| {
            t.text.chars().count() == 1 && t.text.chars().all(|c| superscript_digit(c).is_some())
        }) {
            n += 1;
        }
        return Some((js::pow10(exponent.parse().unwrap_or(f64::NAN)), n));
    }
    let caret = tokens.get(k + 2);
    let power = tokens.get(k + 3);
    if ten.text == "10" && caret.is_some_and(|t| t.text == "^") {
        if let Some(power) = power.filter(|p| p.kind == Kind::Number) {
            return Some((js::pow10(power.value), 4));
        }
    }
    None
}

/// A hedge ("about", "≈", "~") among the two tokens before k, emphasis marks skipped.
fn is_hedged(tokens: &[Token], k: usize) -> bool {
    let hedges = &params().hedges;
    let mut seen = 0;
    let mut b = k;
    while b > 0 && seen < 2 {
        b -= 1;
        let t = &tokens[b];
        if matches!(t.text.as_str(), "*" | "_" | "`") {
            continue;
        }
        if hedges.contains(&t.text) {
            return true;
        }
        seen += 1;
    }
    false
}

#[inline]
fn is_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0
}

/// Every quantity in text, in order.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let p = params();
    let tokens = lex(text);
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let first = k;
        let mut currency = String::new();
        if let Some(prefix) = p.currencies.get(&tokens[k].text) {
            if tokens.get(k + 1).is_some_and(|t| t.kind == Kind::Number) {
                currency = prefix.clone();
                k += 1;
            }
        }
        let head = &tokens[k];
        let mut value;
        let length;
        let mut formatted;
        let mut apostrophe_year = false;
        match head.kind {
            Kind::Number => {
                value = head.value;
                let mut len = 1;
                formatted = head.formatted;
                let slash = tokens.get(k + 1);
                let denominator = tokens.get(k + 2);
                if let (Some(s), Some(d)) = (slash, denominator) {
                    if s.text == "/"
                        && adjacent(head, Some(s))
                        && d.kind == Kind::Number
                        && adjacent(s, Some(d))
                        && d.value != 0.0
                    {
                        value /= d.value;
                        len = 3;
                        formatted = true;
                    }
                }
                if len == 1 {
                    if let Some(next) = tokens.get(k + 1) {
                        if next.kind == Kind::Number && vulgar_text(&next.text).is_some() {
                            value += next.value;
                            len = 2;
                            formatted = true;
                        }
                    }
                }
                length = len;
                if k >= 1 {
                    let prev = &tokens[k - 1];
                    if (prev.text == "'" || prev.text == "’")
                        && adjacent(prev, Some(head))
                        && js::utf16_len(&head.text) == 2
                        && !formatted
                    {
                        let before = if k >= 2 { Some(&tokens[k - 2]) } else { None };
                        if before.is_none_or(|b| !adjacent(b, Some(prev))) {
                            value = if value >= 30.0 {
                                1900.0 + value
                            } else {
                                2000.0 + value
                            };
                            apostrophe_year = true;
                        }
                    }
                }
            }
            Kind::Word => {
                let Some((v, len)) = word_number(&tokens, k) else {
                    k = first + 1;
                    continue;
                };
                value = v;
                length = len;
                formatted = true;
            }
            Kind::Symbol => {
                k = first + 1;
                continue;
            }
        }
        let head_kind = head.kind;
        let mut next = k + length;
        if let Some((factor, len)) = power_of_ten(text, &tokens, next) {
            value *= factor;
            next += len;
            formatted = true;
        }
        if let Some(suffix) = tokens.get(next) {
            if suffix.kind == Kind::Word && adjacent(&tokens[next - 1], Some(suffix)) {
                if let Some(&multiplier) = p.multiplier_suffixes.get(&suffix.text) {
                    if suffix.text != "m" || !currency.is_empty() {
                        value *= multiplier;
                        next += 1;
                        formatted = true;
                    }
                }
            }
        }
        if let Some(&scale) = tokens.get(next).and_then(|t| p.scale_words.get(&t.text)) {
            if head_kind == Kind::Number {
                value *= scale;
                next += 1;
                formatted = true;
            }
        }
        let raw = value;
        let mut dimension = currency;
        let mut converted = value;
        if dimension.is_empty() {
            let suffix_currency = tokens.get(next).and_then(|t| p.currencies.get(&t.text));
            let unit = unit_at(&tokens, next);
            if let Some(code) = suffix_currency.filter(|c| !c.is_empty()) {
                dimension = code.clone();
                next += 1;
            } else if let Some(unit) = unit {
                dimension = unit.dimension;
                converted = value * unit.factor;
                next += unit.length;
                if dimension == "fahrenheit" {
                    dimension = "temperature".into();
                    converted = ((value - 32.0) * 5.0) / 9.0;
                } else if dimension == "celsius" {
                    dimension = "temperature".into();
                }
            }
        }
        // "4 hours and 30 minutes", "1 h 30 min", "5 ft 7 in"
        let compound =
            !dimension.is_empty() && dimension != "temperature" && !is_currency_code(&dimension);
        if compound {
            loop {
                let joiner = usize::from(
                    tokens
                        .get(next)
                        .is_some_and(|t| t.text == "and" || t.text == ","),
                );
                let Some(more) = tokens.get(next + joiner).filter(|t| t.kind == Kind::Number)
                else {
                    break;
                };
                let Some(unit) =
                    unit_at(&tokens, next + joiner + 1).filter(|u| u.dimension == dimension)
                else {
                    break;
                };
                converted += more.value * unit.factor;
                next += joiner + 1 + unit.length;
            }
        }
        let before = if first >= 1 {
            tokens.get(first - 1)
        } else {
            None
        };
        let after = tokens.get(next);
        let is_day = dimension.is_empty()
            && !formatted
            && is_integer(value)
            && (1.0..=31.0).contains(&value)
            && (after.is_some_and(|t| p.month_names.contains(&t.text))
                || before.is_some_and(|t| p.month_names.contains(&t.text)));
        if !is_day {
            let year = apostrophe_year
                || (dimension.is_empty()
                    && !formatted
                    && is_integer(value)
                    && (1000.0..=2999.0).contains(&value));
            out.push(Quantity {
                value: converted,
                raw,
                dimension,
                approximate: is_hedged(&tokens, first),
                year,
                spelled: head_kind == Kind::Word,
                start: tokens[first].start,
                end: tokens[next - 1].end,
            });
        }
        k = next;
    }
    out
}

/// Whether two quantities are the same answer: Some(true/false), or None when they cannot be compared.
pub fn same_quantity(a: &Quantity, b: &Quantity) -> Option<bool> {
    if a.year || b.year {
        return Some(a.raw == b.raw);
    }
    let mut x = a.raw;
    let mut y = b.raw;
    if !a.dimension.is_empty() && !b.dimension.is_empty() {
        if a.dimension != b.dimension {
            return None;
        }
        x = a.value;
        y = b.value;
    }
    let t = &params().thresholds;
    let tolerance = if a.approximate || b.approximate {
        t.approximate_tolerance
    } else {
        t.quantity_tolerance
    };
    let scale = js::max(x.abs(), y.abs());
    Some(scale == 0.0 || (x - y).abs() <= tolerance * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let q = find_quantities(text);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn the_same_amount_written_four_ways_is_the_same_quantity() {
        let forms = ["4½ cups", "4.5 cups", "four and a half cups", "9/2 cups"];
        let qs: Vec<Quantity> = forms.iter().map(|f| one(f)).collect();
        for q in &qs {
            assert_eq!(q.dimension, "volume");
            assert!((q.value - 4.5 * 236.5882365).abs() < 1e-9);
        }
        for a in &qs {
            for b in &qs {
                assert_eq!(same_quantity(a, b), Some(true));
            }
        }
        assert!(qs[2].spelled && !qs[0].spelled);
    }

    #[test]
    fn units_rates_and_money_convert() {
        let c = one("3 × 10⁸ m/s");
        assert_eq!(c.dimension, "length/time");
        assert_eq!(c.value, 3e8);
        let miles = one("186,000 miles per second");
        assert_eq!(miles.dimension, "length/time");
        assert_eq!(same_quantity(&c, &miles), Some(true));
        assert_eq!(one("$1.2k").value, 1200.0);
        assert_eq!(one("$1.2k").dimension, "usd");
        assert_eq!(one("1200 dollars").dimension, "usd");
        let t = one("4 hours and 30 minutes");
        assert_eq!(t.value, 4.5 * 3600.0);
        assert_eq!(one("212 °F").value, 100.0);
    }

    #[test]
    fn years_and_days() {
        let q = find_quantities("26 April 1986");
        assert_eq!(q.len(), 1);
        assert!(q[0].year && q[0].raw == 1986.0);
        let spring = one("spring of '86");
        assert!(spring.year && spring.raw == 1986.0);
        assert_eq!(same_quantity(&q[0], &spring), Some(true));
        assert_eq!(
            same_quantity(&one("about 100 km"), &one("102 km")),
            Some(true)
        );
        assert_eq!(same_quantity(&one("100 km"), &one("102 km")), Some(false));
        assert_eq!(same_quantity(&one("100 km"), &one("3 hours")), None);
    }
}
