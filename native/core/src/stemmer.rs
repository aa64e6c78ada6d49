//! The Porter2 (Snowball English) stemmer, written by hand and mirrored line for
//! line in server/core/fallback/stemmer.ts. Input: a folded word of ASCII letters
//! and apostrophes (the pipeline stems nothing else). `Y` marks a consonant y.

const EXCEPTIONS: &[(&str, &str)] = &[
    ("skis", "ski"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("idly", "idl"),
    ("gently", "gentl"),
    ("ugly", "ugli"),
    ("early", "earli"),
    ("only", "onli"),
    ("singly", "singl"),
    ("sky", "sky"),
    ("news", "news"),
    ("howe", "howe"),
    ("atlas", "atlas"),
    ("cosmos", "cosmos"),
    ("bias", "bias"),
    ("andes", "andes"),
];

/// Words left as they are after step 1a.
const INVARIANT_AFTER_1A: &[&str] = &[
    "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
];

const STEP2: &[(&str, &str)] = &[
    ("ization", "ize"),
    ("ational", "ate"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("iveness", "ive"),
    ("tional", "tion"),
    ("biliti", "ble"),
    ("lessli", "less"),
    ("entli", "ent"),
    ("ation", "ate"),
    ("alism", "al"),
    ("aliti", "al"),
    ("ousli", "ous"),
    ("iviti", "ive"),
    ("fulli", "ful"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("abli", "able"),
    ("izer", "ize"),
    ("ator", "ate"),
    ("alli", "al"),
    ("bli", "ble"),
    ("ogi", "og"),
    ("li", ""),
];

const STEP3: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("alize", "al"),
    ("icate", "ic"),
    ("iciti", "ic"),
    ("ative", ""),
    ("ical", "ic"),
    ("ness", ""),
    ("ful", ""),
];

const STEP4: &[&str] = &[
    "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous",
    "ive", "ize", "ion", "al", "er", "ic",
];

const DOUBLES: &[&str] = &["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
const LI_ENDINGS: &[u8] = b"cdeghkmnrt";

#[inline]
fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn vowel_at(w: &[u8], i: usize) -> bool {
    w.get(i).is_some_and(|&c| is_vowel(c))
}

fn ends_with_short_syllable(w: &[u8]) -> bool {
    let n = w.len();
    if n >= 3 {
        let last = w[n - 1];
        return !is_vowel(w[n - 3])
            && is_vowel(w[n - 2])
            && !is_vowel(last)
            && last != b'w'
            && last != b'x'
            && last != b'Y';
    }
    n == 2 && is_vowel(w[0]) && !is_vowel(w[1])
}

fn has_vowel(w: &[u8], end: usize) -> bool {
    w[..end].iter().any(|&c| is_vowel(c))
}

fn region_start(w: &[u8], from: usize) -> usize {
    let mut i = from + 1;
    while i < w.len() {
        if !is_vowel(w[i]) && is_vowel(w[i - 1]) {
            return i + 1;
        }
        i += 1;
    }
    w.len()
}

fn ends_with(w: &[u8], s: &str) -> bool {
    w.ends_with(s.as_bytes())
}

fn longest_suffix<'a>(w: &[u8], suffixes: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<&str> = None;
    for &s in suffixes {
        if ends_with(w, s) && best.is_none_or(|b| s.len() > b.len()) {
            best = Some(s);
        }
    }
    best
}

fn longest_rule<'a>(w: &[u8], rules: &[(&'a str, &'a str)]) -> Option<(&'a str, &'a str)> {
    let mut best: Option<(&str, &str)> = None;
    for &rule in rules {
        if ends_with(w, rule.0) && best.is_none_or(|b| rule.0.len() > b.0.len()) {
            best = Some(rule);
        }
    }
    best
}

fn step1a(w: &mut Vec<u8>) {
    if ends_with(w, "sses") {
        w.truncate(w.len() - 2);
    } else if ends_with(w, "ied") || ends_with(w, "ies") {
        let cut = if w.len() > 4 { 2 } else { 1 };
        w.truncate(w.len() - cut);
    } else if ends_with(w, "us") || ends_with(w, "ss") {
    } else if ends_with(w, "s") && w.len() >= 2 && has_vowel(w, w.len() - 2) {
        w.pop();
    }
}

fn step1b(w: &mut Vec<u8>, r1: usize) {
    let Some(suffix) = longest_suffix(w, &["eedly", "ingly", "edly", "eed", "ing", "ed"]) else {
        return;
    };
    let stem_len = w.len() - suffix.len();
    if suffix == "eed" || suffix == "eedly" {
        if stem_len >= r1 {
            w.truncate(stem_len);
            w.extend_from_slice(b"ee");
        }
        return;
    }
    if !has_vowel(w, stem_len) {
        return;
    }
    w.truncate(stem_len);
    if ends_with(w, "at") || ends_with(w, "bl") || ends_with(w, "iz") {
        w.push(b'e');
    } else if DOUBLES.iter().any(|d| ends_with(w, d)) {
        w.pop();
    } else if r1 == w.len() && ends_with_short_syllable(w) {
        w.push(b'e');
    }
}

fn step1c(w: &mut [u8]) {
    let n = w.len();
    let last = w[n - 1];
    if (last == b'y' || last == b'Y') && n > 2 && !is_vowel(w[n - 2]) {
        w[n - 1] = b'i';
    }
}

fn replace_suffix(w: &mut Vec<u8>, start: usize, replacement: &str) {
    w.truncate(start);
    w.extend_from_slice(replacement.as_bytes());
}

fn step2(w: &mut Vec<u8>, r1: usize) {
    let Some((suffix, replacement)) = longest_rule(w, STEP2) else {
        return;
    };
    let start = w.len() - suffix.len();
    if start < r1 {
        return;
    }
    let before = if start > 0 { w[start - 1] } else { b'#' };
    if suffix == "ogi" && before != b'l' {
        return;
    }
    if suffix == "li" && !LI_ENDINGS.contains(&before) {
        return;
    }
    replace_suffix(w, start, replacement);
}

fn step3(w: &mut Vec<u8>, r1: usize, r2: usize) {
    let Some((suffix, replacement)) = longest_rule(w, STEP3) else {
        return;
    };
    let start = w.len() - suffix.len();
    if start < r1 || (suffix == "ative" && start < r2) {
        return;
    }
    replace_suffix(w, start, replacement);
}

fn step4(w: &mut Vec<u8>, r2: usize) {
    let Some(suffix) = longest_suffix(w, STEP4) else {
        return;
    };
    let start = w.len() - suffix.len();
    if start < r2 {
        return;
    }
    if suffix == "ion" && !(start > 0 && (w[start - 1] == b's' || w[start - 1] == b't')) {
        return;
    }
    w.truncate(start);
}

fn step5(w: &mut Vec<u8>, r1: usize, r2: usize) {
    // The last letter sits at n - 1; "in R2" means n - 1 >= r2, i.e. n > r2.
    let n = w.len();
    match w[n - 1] {
        b'e' if n > r2 || (n > r1 && !ends_with_short_syllable(&w[..n - 1])) => {
            w.pop();
        }
        b'l' if n > r2 && n >= 2 && w[n - 2] == b'l' => {
            w.pop();
        }
        _ => {}
    }
}

/// Stems `word` into `out` (cleared first).
pub fn stem_into(word: &str, out: &mut Vec<u8>) {
    out.clear();
    if word.len() <= 2 {
        out.extend_from_slice(word.as_bytes());
        return;
    }
    if let Some((_, e)) = EXCEPTIONS.iter().find(|(w, _)| *w == word) {
        out.extend_from_slice(e.as_bytes());
        return;
    }
    let bytes = word.as_bytes();
    let src = if bytes[0] == b'\'' {
        &bytes[1..]
    } else {
        bytes
    };
    out.extend_from_slice(src);
    let w = out;
    for i in 0..w.len() {
        if w[i] == b'y' && (i == 0 || vowel_at(w, i - 1)) {
            w[i] = b'Y';
        }
    }

    let r1 = if w.starts_with(b"gener") || w.starts_with(b"arsen") {
        5
    } else if w.starts_with(b"commun") {
        6
    } else {
        region_start(w, 0)
    };
    let r2 = region_start(w, r1);

    if ends_with(w, "'s'") {
        w.truncate(w.len() - 3);
    } else if ends_with(w, "'s") {
        w.truncate(w.len() - 2);
    } else if ends_with(w, "'") {
        w.pop();
    }
    if w.is_empty() {
        return;
    }

    step1a(w);
    if !INVARIANT_AFTER_1A
        .iter()
        .any(|x| x.as_bytes() == w.as_slice())
        && !w.is_empty()
    {
        step1b(w, r1);
        step1c(w);
        step2(w, r1);
        step3(w, r1, r2);
        step4(w, r2);
        if !w.is_empty() {
            step5(w, r1, r2);
        }
    }
    for c in w.iter_mut() {
        if *c == b'Y' {
            *c = b'y';
        }
    }
}

pub fn stem(word: &str) -> String {
    let mut out = Vec::with_capacity(word.len());
    stem_into(word, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn matches_the_snowball_reference_vocabulary() {
        let cases = [
            ("consign", "consign"),
            ("consigned", "consign"),
            ("consigning", "consign"),
            ("consignment", "consign"),
            ("consistency", "consist"),
            ("consistently", "consist"),
            ("consolation", "consol"),
            ("consolatory", "consolatori"),
            ("consolidate", "consolid"),
            ("consolingly", "consol"),
            ("consonant", "conson"),
            ("conspicuously", "conspicu"),
            ("conspiracy", "conspiraci"),
            ("conspirators", "conspir"),
            ("constable", "constabl"),
            ("constancy", "constanc"),
            ("knackeries", "knackeri"),
            ("kneaded", "knead"),
            ("kneeling", "kneel"),
            ("knightly", "knight"),
            ("knitting", "knit"),
            ("knives", "knive"),
            ("knocker", "knocker"),
            ("generously", "generous"),
            ("running", "run"),
            ("hopping", "hop"),
            ("hoping", "hope"),
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("agreed", "agre"),
            ("cry", "cri"),
            ("by", "by"),
            ("say", "say"),
            ("generation", "generat"),
            ("john's", "john"),
            ("dying", "die"),
            ("databases", "databas"),
            ("transactions", "transact"),
        ];
        for (word, want) in cases {
            assert_eq!(stem(word), want, "stem({word})");
        }
    }

    #[test]
    fn survives_apostrophe_only_words() {
        for w in ["'", "''", "'''", "'s'", "''s", "'y'", "yyy", "'sss"] {
            let _ = stem(w);
        }
    }
}
