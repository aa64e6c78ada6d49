//! JavaScript string semantics the consensus engine's TypeScript twin
//! (server/core/fallback/) relies on, so the Rust port gives the same results:
//! the `\s` class and `String.prototype.trim`, the `\p{L}`, `\p{Lu}`, `\p{N}` and
//! `\p{Mn}` general categories of `u` regexes, UTF-16 lengths and offsets,
//! `Math.max`/`Math.min` (NaN wins), `Math.log` (V8's), `Number#toString`,
//! `Number#toPrecision` and `Array#sort`. Both backends follow docs/consensus.md step by
//! step; these keep the steps' results identical.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// `\s` of a JS regex and what `trim()` removes: WhiteSpace and LineTerminator
/// (U+0085 is not among them, unlike Rust's `char::is_whitespace`).
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

pub fn trim_start(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

pub fn trim_end(s: &str) -> &str {
    s.trim_end_matches(is_space)
}

/// `\p{L}`.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.general_category_group() == GeneralCategoryGroup::Letter
}

/// `\p{Lu}`.
#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    c.general_category() == GeneralCategory::UppercaseLetter
}

/// `\p{N}`.
#[inline]
pub fn is_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    c.general_category_group() == GeneralCategoryGroup::Number
}

/// `[\p{L}\p{N}]`.
#[inline]
pub fn is_letter_or_number(c: char) -> bool {
    is_letter(c) || is_number(c)
}

/// `\p{Mn}`.
#[inline]
pub fn is_nonspacing_mark(c: char) -> bool {
    !c.is_ascii() && c.general_category() == GeneralCategory::NonspacingMark
}

/// `toLowerCase()` (full Unicode mapping with the final-sigma rule, as V8 does).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// `s.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase()`.
pub fn fold_text(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let stripped: String = s.nfd().filter(|&c| !is_nonspacing_mark(c)).collect();
    stripped.to_lowercase()
}

/// `s.length`: UTF-16 code units.
#[inline]
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(char::len_utf16).sum()
}

/// The byte offset in `s` of UTF-16 offset `units` (clamped to the end; an offset
/// inside a surrogate pair rounds up to the end of that character).
pub fn byte_offset(s: &str, units: usize) -> usize {
    if s.is_ascii() {
        return units.min(s.len());
    }
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}

/// `s[units]` as a string of one code unit would be tested by a `u` regex: the
/// character there, or None past the end or on half of a surrogate pair (which no
/// `\p{...}` class matches).
pub fn unit_char_at(s: &str, units: usize) -> Option<char> {
    let mut seen = 0;
    for c in s.chars() {
        if seen == units {
            return if c.len_utf16() == 1 { Some(c) } else { None };
        }
        seen += c.len_utf16();
        if seen > units {
            return None;
        }
    }
    None
}

/// JS `a < b` on strings: UTF-16 code unit order.
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `Math.max(a, b)`: NaN if either is NaN.
#[inline]
pub fn max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// `Math.min(a, b)`: NaN if either is NaN.
#[inline]
pub fn min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// `Math.log(x)` as V8 computes it: fdlibm's `__ieee754_log`, which differs from the
/// platform's `ln` in the last bit for some inputs (ln 3, for one). Summation orders and
/// thresholds downstream need the very same bits.
pub fn ln(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const TWO54: f64 = f64::from_bits(0x4350_0000_0000_0000);
    const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
    const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
    const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
    const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
    const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
    let bits = x.to_bits();
    let mut hx = (bits >> 32) as i32;
    let lx = bits as u32;
    let mut x = x;
    let mut k: i32 = 0;
    if hx < 0x0010_0000 {
        if ((hx & 0x7fff_ffff) as u32 | lx) == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        k -= 54;
        x *= TWO54;
        hx = (x.to_bits() >> 32) as i32;
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x10_0000;
    let high = (hx | (i ^ 0x3ff0_0000)) as u32;
    x = f64::from_bits((u64::from(high) << 32) | (x.to_bits() & 0xffff_ffff));
    k += i >> 20;
    let f = x - 1.0;
    if (0x000f_ffff & (2 + hx)) < 3 {
        if f == 0.0 {
            if k == 0 {
                return 0.0;
            }
            let dk = f64::from(k);
            return dk * LN2_HI + dk * LN2_LO;
        }
        let r = f * f * (0.5 - f64::from_bits(0x3fd5_5555_5555_5555) * f);
        if k == 0 {
            return f - r;
        }
        let dk = f64::from(k);
        return dk * LN2_HI - ((r - dk * LN2_LO) - f);
    }
    let s = f / (2.0 + f);
    let dk = f64::from(k);
    let z = s * s;
    let mut i = hx - 0x6147a;
    let w = z * z;
    let j = 0x6b851 - hx;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    let r = t2 + t1;
    if i > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

/// `String(x)`: the shortest digits that round-trip, in JS's layout (exponent from 1e21
/// and below 1e-6).
pub fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // "{:e}" gives the shortest round-trip digits: d[.ddd]e[-]n
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let e: i32 = exp.parse().unwrap_or(0);
    format!("{sign}{}", layout(&digits, e + 1))
}

/// Digits d1..dk with the decimal point after `n` digits (value = 0.d1..dk x 10^n), as
/// Number::toString lays them out.
fn layout(digits: &str, n: i32) -> String {
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e >= 0 { "+" } else { "-" };
        if k == 1 {
            format!("{digits}e{sign}{}", e.abs())
        } else {
            format!("{}.{}e{sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    }
}

/// `Number(x.toPrecision(p))`: x rounded to p significant digits, halves away from zero
/// on the exact binary value (as the spec requires), parsed back.
pub fn round_to_precision(x: f64, p: usize) -> f64 {
    if !x.is_finite() || x == 0.0 || p == 0 {
        return x;
    }
    // The exact decimal expansion (every finite double has at most 767 significant digits).
    let sci = format!("{:.800e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let all: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let mut e: i32 = exp.parse().unwrap_or(0);
    let mut kept: Vec<u8> = all[..p.min(all.len())].to_vec();
    if all.len() > p && all[p] >= b'5' {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                kept.pop();
                e += 1;
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let digits = String::from_utf8(kept).unwrap_or_default();
    let text = format!(
        "{}{}.{}e{e}",
        if x < 0.0 { "-" } else { "" },
        &digits[..1],
        &digits[1..]
    );
    text.parse().unwrap_or(x)
}

/// `Array.prototype.sort` with a comparator: stable, and never panics on a comparator
/// that is not a total order (NaN keys), unlike `slice::sort_by`.
pub fn sort_by<T, F: FnMut(&T, &T) -> std::cmp::Ordering>(items: &mut Vec<T>, mut cmp: F) {
    if items.len() < 2 {
        return;
    }
    // Stable merge sort: a merge takes from the right run only when it is strictly less.
    let mut src: Vec<Option<T>> = items.drain(..).map(Some).collect();
    let n = src.len();
    let mut width = 1;
    let mut order: Vec<usize> = (0..n).collect();
    let mut buf = vec![0usize; n];
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                let right_first = cmp(
                    src[order[j]].as_ref().expect("present"),
                    src[order[i]].as_ref().expect("present"),
                ) == std::cmp::Ordering::Less;
                if right_first {
                    buf[k] = order[j];
                    j += 1;
                } else {
                    buf[k] = order[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&order[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&order[j..end]);
            start = end;
        }
        std::mem::swap(&mut order, &mut buf);
        width *= 2;
    }
    items.extend(order.into_iter().map(|i| src[i].take().expect("each once")));
}

/// A JS comparator's result as an ordering: NaN counts as 0 ("equal").
pub fn ordering(x: f64) -> std::cmp::Ordering {
    if x < 0.0 {
        std::cmp::Ordering::Less
    } else if x > 0.0 {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_is_stable_and_survives_nan() {
        let mut v = vec![(3, 0.5), (1, f64::NAN), (2, 0.5), (0, 0.1), (4, f64::NAN)];
        super::sort_by(&mut v, |a, b| super::ordering(a.1 - b.1));
        assert_eq!(v.len(), 5);
        let mut w: Vec<(usize, usize)> = (0..50).map(|i| (i % 7, i)).collect();
        super::sort_by(&mut w, |a, b| a.0.cmp(&b.0));
        assert!(w
            .windows(2)
            .all(|p| p[0].0 < p[1].0 || (p[0].0 == p[1].0 && p[0].1 < p[1].1)));
    }

    use super::*;

    #[test]
    fn fdlibm_constants_are_the_decimal_ones() {
        assert_eq!(
            f64::from_bits(0x3fe6_2e42_fee0_0000),
            6.931_471_803_691_238e-1
        );
        assert_eq!(f64::from_bits(0x3fd5_5555_5555_5555), 1.0 / 3.0);
    }

    #[test]
    fn ln_is_v8s() {
        // Math.log in V8 (fdlibm): ln 3 is one bit below the correctly rounded value.
        assert_eq!(ln(3.0), 1.0986122886681096);
        assert_eq!(ln(1.4), 0.33647223662121284);
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
        assert_eq!(ln(std::f64::consts::E), 1.0);
    }

    #[test]
    fn numbers_print_as_in_javascript() {
        for (x, s) in [
            (4.5, "4.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (-2.5e-7, "-2.5e-7"),
            (1.5e300, "1.5e+300"),
            (100.0, "100"),
            (299792458.0, "299792458"),
        ] {
            assert_eq!(number_to_string(x), s);
        }
    }

    #[test]
    fn to_precision_rounds_halves_up() {
        assert_eq!(round_to_precision(0.1 + 0.2, 12), 0.3);
        assert_eq!(round_to_precision(12345678901.25, 12), 12345678901.3);
        assert_eq!(round_to_precision(999999999999.5, 12), 1e12);
        assert_eq!(round_to_precision(1.0 / 3.0, 12), 0.333333333333);
    }

    #[test]
    fn utf16_offsets() {
        assert_eq!(utf16_len("a😀b"), 4);
        assert_eq!(byte_offset("a😀b", 3), 5);
        assert_eq!(unit_char_at("a😀b", 1), None);
        assert_eq!(unit_char_at("a😀b", 3), Some('b'));
        assert_eq!(trim("\u{85} x \u{feff}"), "\u{85} x");
    }
}
