//! Accent-insensitive text folding for Vietnamese search ("dang ky" finds "Đăng ký").
//!
//! Hand-written instead of a Unicode normalisation crate to keep the wasm bundle small:
//! precomposed letters map through a table, and decomposed input (NFD: base letter plus
//! combining marks) loses its marks, so both forms fold to the same text.

/// Lowercases `s`, removes Vietnamese diacritics (tone and vowel marks, `đ` → `d`), trims it
/// and collapses every run of whitespace into one space.
///
/// `"Đăng ký  khai sinh"` → `"dang ky khai sinh"`; `"KHAI SINH"` → `"khai sinh"`.
/// Works on precomposed (NFC) and decomposed (NFD) input alike. Other characters are kept
/// as they are (lowercased), so punctuation and digits still match exactly.
pub fn fold_vietnamese(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(base_letter(c));
    }
    out
}

/// Whether `query`, folded, occurs in `text`, folded: the accent- and case-insensitive
/// "contains" used by catalogue search boxes. An empty query matches everything.
pub fn matches_search(text: &str, query: &str) -> bool {
    fold_vietnamese(text).contains(&fold_vietnamese(query))
}

/// Whether `c` is a combining diacritical mark (U+0300–U+036F and the extended,
/// supplement, symbol and half-mark blocks): the marks that decomposed (NFD) Vietnamese
/// text carries after each base letter.
pub fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// The base letter of a lowercase letter carrying Vietnamese (and common Latin-1) marks.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' | 'ë' => {
            'e'
        }
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' | 'ö' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' | 'û' | 'ü' => {
            'u'
        }
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'ÿ' => 'y',
        'đ' => 'd',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOWER: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
    const BASES: &str = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd";

    #[test]
    fn the_examples_from_the_brief_fold_as_expected() {
        assert_eq!(fold_vietnamese("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold_vietnamese("KHAI SINH"), "khai sinh");
        assert_eq!(
            fold_vietnamese("  Nguyễn   Văn\tTHỊ\nĐỨC "),
            "nguyen van thi duc"
        );
        assert_eq!(fold_vietnamese(""), "");
        assert_eq!(fold_vietnamese(" \t "), "");
    }

    #[test]
    fn every_vietnamese_letter_folds_to_its_base_in_both_cases() {
        assert_eq!(LOWER.chars().count(), BASES.chars().count());
        assert_eq!(fold_vietnamese(LOWER), BASES);
        assert_eq!(fold_vietnamese(&LOWER.to_uppercase()), BASES);
    }

    #[test]
    fn decomposed_input_folds_like_precomposed_input() {
        // "Đăng ký khai sinh" in NFD: ă = a + U+0306, ý = y + U+0301.
        let nfd = "\u{0110}a\u{0306}ng ky\u{0301} khai sinh";
        assert_eq!(fold_vietnamese(nfd), "dang ky khai sinh");
        // ữ = u + horn U+031B + tilde U+0303; ộ = o + dot below U+0323 + circumflex U+0302.
        assert_eq!(
            fold_vietnamese("Nguye\u{0302}\u{0303}n Tu\u{031B}\u{0303} Ho\u{0323}\u{0302}"),
            "nguyen tu ho"
        );
    }

    #[test]
    fn other_characters_are_kept() {
        assert_eq!(
            fold_vietnamese("Mẫu TK-01 (bản sao) 1.001193"),
            "mau tk-01 (ban sao) 1.001193"
        );
    }

    #[test]
    fn search_ignores_accents_and_case() {
        assert!(matches_search("Đăng ký khai sinh", "dang ky"));
        assert!(matches_search("Đăng ký khai sinh", "KHAI SINH"));
        assert!(matches_search("Đăng ký kết hôn", "kết  hôn"));
        assert!(!matches_search("Đăng ký kết hôn", "khai sinh"));
        assert!(matches_search("anything", ""));
    }
}
