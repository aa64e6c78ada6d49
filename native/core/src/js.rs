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

/// `10 ** n` for n = 0..=308 as V8 computes it (Node 20's `Math.pow` is fdlibm's, which
/// misses the correctly rounded power in the last bit for some n >= 23, 10 ** 23 among
/// them). Recorded with `node -e` from `10 ** n`; the platform's pow agrees up to 10 ** 22.
const V8_POW10: [u64; 309] = [
    0x3ff0000000000000,
    0x4024000000000000,
    0x4059000000000000,
    0x408f400000000000,
    0x40c3880000000000,
    0x40f86a0000000000,
    0x412e848000000000,
    0x416312d000000000,
    0x4197d78400000000,
    0x41cdcd6500000000,
    0x4202a05f20000000,
    0x42374876e8000000,
    0x426d1a94a2000000,
    0x42a2309ce5400000,
    0x42d6bcc41e900000,
    0x430c6bf526340000,
    0x4341c37937e08000,
    0x4376345785d8a000,
    0x43abc16d674ec800,
    0x43e158e460913d00,
    0x4415af1d78b58c40,
    0x444b1ae4d6e2ef50,
    0x4480f0cf064dd592,
    0x44b52d02c7e14af6,
    0x44ea784379d99db4,
    0x45208b2a2c280291,
    0x4554adf4b7320334,
    0x4589d971e4fe8402,
    0x45c027e72f1f1281,
    0x45f431e0fae6d722,
    0x46293e5939a08cea,
    0x465f8def8808b024,
    0x4693b8b5b5056e17,
    0x46c8a6e32246c99c,
    0x46fed09bead87c04,
    0x4733426172c74d82,
    0x476812f9cf7920e2,
    0x479e17b84357691b,
    0x47d2ced32a16a1b1,
    0x48078287f49c4a1e,
    0x483d6329f1c35ca5,
    0x48725dfa371a19e7,
    0x48a6f578c4e0a060,
    0x48dcb2d6f618c879,
    0x4911efc659cf7d4c,
    0x49466bb7f0435c9e,
    0x497c06a5ec5433c6,
    0x49b18427b3b4a05c,
    0x49e5e531a0a1c873,
    0x4a1b5e7e08ca3a90,
    0x4a511b0ec57e649a,
    0x4a8561d276ddfdc0,
    0x4ababa4714957d30,
    0x4af0b46c6cdd6e3e,
    0x4b24e1878814c9ce,
    0x4b5a19e96a19fc41,
    0x4b905031e2503da9,
    0x4bc4643e5ae44d13,
    0x4bf97d4df19d6058,
    0x4c2fdca16e04b86d,
    0x4c63e9e4e4c2f344,
    0x4c98e45e1df3b016,
    0x4ccf1d75a5709c1b,
    0x4d03726987666191,
    0x4d384f03e93ff9f5,
    0x4d6e62c4e38ff872,
    0x4da2fdbb0e39fb47,
    0x4dd7bd29d1c87a19,
    0x4e0dac74463a989f,
    0x4e428bc8abe49f64,
    0x4e772ebad6ddc73c,
    0x4eacfa698c95390c,
    0x4ee21c81f7dd43a7,
    0x4f16a3a275d49491,
    0x4f4c4c8b1349b9b5,
    0x4f81afd6ec0e1411,
    0x4fb61bcca7119916,
    0x4feba2bfd0d5ff5b,
    0x502145b7e285bf99,
    0x50559725db272f7f,
    0x508afcef51f0fb5f,
    0x50c0de1593369d1b,
    0x50f5159af8044462,
    0x512a5b01b605557b,
    0x516078e111c3556d,
    0x5194971956342ac8,
    0x51c9bcdfabc1357a,
    0x5200160bcb58c16c,
    0x52341b8ebe2ef1c7,
    0x526922726dbaae39,
    0x529f6b0f092959c7,
    0x52d3a2e965b9d81d,
    0x53088ba3bf284e24,
    0x533eae8caef261ad,
    0x53732d17ed577d0c,
    0x53a7f85de8ad5c4e,
    0x53ddf67562d8b362,
    0x5412ba095dc7701e,
    0x5447688bb5394c25,
    0x547d42aea2879f2e,
    0x54b249ad2594c37d,
    0x54e6dc186ef9f45c,
    0x551c931e8ab87173,
    0x5551dbf316b346e8,
    0x558652efdc6018a2,
    0x55bbe7abd3781eca,
    0x55f170cb642b133f,
    0x5625ccfe3d35d80e,
    0x565b403dcc834e12,
    0x569108269fd210cb,
    0x56c54a3047c694fe,
    0x56fa9cbc59b83a3e,
    0x5730a1f5b8132466,
    0x5764ca732617ed80,
    0x5799fd0fef9de8e0,
    0x57d03e29f5c2b18c,
    0x58044db473335def,
    0x583961219000356b,
    0x586fb969f40042c5,
    0x58a3d3e2388029bb,
    0x58d8c8dac6a0342a,
    0x590efb1178484135,
    0x59435ceaeb2d28c1,
    0x59783425a5f872f1,
    0x59ae412f0f768fad,
    0x59e2e8bd69aa19cc,
    0x5a17a2ecc414a040,
    0x5a4d8ba7f519c84f,
    0x5a827748f9301d32,
    0x5ab7151b377c247e,
    0x5aecda62055b2d9e,
    0x5b22087d4358fc82,
    0x5b568a9c942f3ba3,
    0x5b8c2d43b93b0a8c,
    0x5bc19c4a53c4e697,
    0x5bf6035ce8b6203d,
    0x5c2b843422e3a84c,
    0x5c6132a095ce4930,
    0x5c957f48bb41db7c,
    0x5ccadf1aea12525b,
    0x5d00cb70d24b7379,
    0x5d34fe4d06de5057,
    0x5d6a3de04895e46c,
    0x5da066ac2d5daec4,
    0x5dd4805738b51a75,
    0x5e09a06d06e26112,
    0x5e400444244d7cab,
    0x5e7405552d60dbd6,
    0x5ea906aa78b912cc,
    0x5edf485516e7577f,
    0x5f138d352e5096af,
    0x5f48708279e4bc5b,
    0x5f7e8ca3185deb72,
    0x5fb317e5ef3ab327,
    0x5fe7dddf6b095ff1,
    0x601dd55745cbb7ed,
    0x6052a5568b9f52f4,
    0x60874eac2e8727b1,
    0x60bd22573a28f19d,
    0x60f2357684599702,
    0x6126c2d4256ffcc3,
    0x615c73892ecbfbf4,
    0x6191c835bd3f7d78,
    0x61c63a432c8f5cd6,
    0x61fbc8d3f7b3340c,
    0x62315d847ad00088,
    0x6265b4e5998400aa,
    0x629b221effe500d4,
    0x62d0f5535fef2084,
    0x630532a837eae8a6,
    0x633a7f5245e5a2cf,
    0x63708f936baf85c1,
    0x63a4b378469b6732,
    0x63d9e056584240fe,
    0x64102c35f729689f,
    0x6444374374f3c2c6,
    0x647945145230b378,
    0x64af965966bce056,
    0x64e3bdf7e0360c36,
    0x6518ad75d8438f43,
    0x654ed8d34e547314,
    0x6583478410f4c7ec,
    0x65b819651531f9e8,
    0x65ee1fbe5a7e7861,
    0x6622d3d6f88f0b3d,
    0x665788ccb6b2ce0c,
    0x668d6affe45f818f,
    0x66c262dfeebbb0fa,
    0x66f6fb97ea6a9d38,
    0x672cba7de5054486,
    0x6761f48eaf234ad4,
    0x679671b25aec1d88,
    0x67cc0e1ef1a724eb,
    0x680188d357087713,
    0x6835eb082cca94d7,
    0x686b65ca37fd3a0d,
    0x68a11f9e62fe4448,
    0x68d56785fbbdd55a,
    0x690ac1677aad4ab1,
    0x6940b8e0acac4eaf,
    0x6974e718d7d7625a,
    0x69aa20df0dcd3af1,
    0x69e0548b68a044d6,
    0x6a1469ae42c8560c,
    0x6a498419d37a6b8f,
    0x6a7fe52048590673,
    0x6ab3ef342d37a408,
    0x6ae8eb0138858d0a,
    0x6b1f25c186a6f04c,
    0x6b537798f4285630,
    0x6b88557f31326bbc,
    0x6bbe6adefd7f06aa,
    0x6bf302cb5e6f642a,
    0x6c27c37e360b3d35,
    0x6c5db45dc38e0c82,
    0x6c9290ba9a38c7d2,
    0x6cc734e940c6f9c6,
    0x6cfd022390f8b837,
    0x6d3221563a9b7322,
    0x6d66a9abc9424feb,
    0x6d9c5416bb92e3e6,
    0x6dd1b48e353bce70,
    0x6e0621b1c28ac20c,
    0x6e3baa1e332d728f,
    0x6e714a52dffc6799,
    0x6ea59ce797fb8180,
    0x6edb04217dfa61df,
    0x6f10e294eebc7d2c,
    0x6f451b3a2a6b9c76,
    0x6f7a6208b5068394,
    0x6fb07d457124123d,
    0x6fe49c96cd6d16cc,
    0x7019c3bc80c85c7e,
    0x70501a55d07d39cf,
    0x708420eb449c8843,
    0x70b9292615c3aa54,
    0x70ef736f9b3494e9,
    0x7123a825c100dd11,
    0x7158922f31411456,
    0x718eb6bafd91596b,
    0x71c33234de7ad7e3,
    0x71f7fec216198ddc,
    0x722dfe729b9ff152,
    0x7262bf07a143f6d4,
    0x72976ec98994f488,
    0x72cd4a7bebfa31ab,
    0x73024e8d737c5f0b,
    0x7336e230d05b76cd,
    0x736c9abd04725481,
    0x73a1e0b622c774d0,
    0x73d658e3ab795204,
    0x740bef1c9657a686,
    0x74417571ddf6c814,
    0x7475d2ce55747a18,
    0x74ab4781ead1989e,
    0x74e10cb132c2ff63,
    0x75154fdd7f73bf3c,
    0x754aa3d4df50af0b,
    0x7580a6650b926d67,
    0x75b4cffe4e7708c0,
    0x75ea03fde214caf0,
    0x7620427ead4cfed6,
    0x7654531e58a03e8c,
    0x768967e5eec84e2f,
    0x76bfc1df6a7a61bb,
    0x76f3d92ba28c7d15,
    0x7728cf768b2f9c5a,
    0x775f03542dfb8370,
    0x779362149cbd3226,
    0x77c83a99c3ec7eb0,
    0x77fe494034e79e5c,
    0x7832edc82110c2f9,
    0x7867a93a2954f3b8,
    0x789d9388b3aa30a6,
    0x78d27c35704a5e68,
    0x79071b42cc5cf602,
    0x793ce2137f743382,
    0x79720d4c2fa8a031,
    0x79a6909f3b92c83d,
    0x79dc34c70a777a4c,
    0x7a11a0fc668aac70,
    0x7a46093b802d578c,
    0x7a7b8b8a6038ad6f,
    0x7ab137367c236c65,
    0x7ae585041b2c477e,
    0x7b1ae64521f7595e,
    0x7b50cfeb353a97db,
    0x7b8503e602893dd2,
    0x7bba44df832b8d46,
    0x7bf06b0bb1fb384c,
    0x7c2485ce9e7a065e,
    0x7c59a742461887f6,
    0x7c9008896bcf54fa,
    0x7cc40aabc6c32a38,
    0x7cf90d56b873f4c6,
    0x7d2f50ac6690f1f8,
    0x7d63926bc01a973b,
    0x7d987706b0213d0a,
    0x7dce94c85c298c4c,
    0x7e031cfd3999f7b0,
    0x7e37e43c8800759c,
    0x7e6ddd4baa009303,
    0x7ea2aa4f4a405be2,
    0x7ed754e31cd072da,
    0x7f0d2a1be4048f90,
    0x7f423a516e82d9ba,
    0x7f76c8e5ca239029,
    0x7fac7b1f3cac7433,
    0x7fe1ccf385ebc8a0,
];

/// `10 ** y` as V8 computes it for the whole exponents quantities are written with; other
/// exponents (fractional, out of range) through the platform's pow, which may differ in
/// the last bit.
pub fn pow10(y: f64) -> f64 {
    if y.fract() == 0.0 && (0.0..=308.0).contains(&y) {
        return f64::from_bits(V8_POW10[y as usize]);
    }
    10f64.powf(y)
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
    fn powers_of_ten_are_v8s() {
        assert_eq!(pow10(22.0), 1e22);
        assert_eq!(number_to_string(pow10(23.0)), "1e+23");
        assert_eq!(number_to_string(pow10(26.0)), "9.999999999999999e+25");
        assert_eq!(pow10(400.0), f64::INFINITY);
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
