//! Slugs: the readable, URL-safe names of vendors, groups and codes.

use unicode_normalization::UnicodeNormalization;

/// A URL-safe form of `text`: lower-case ASCII letters, digits and single
/// hyphens, at most `max_len` long; accents are folded ("Café" → "cafe").
/// Empty when `text` has nothing usable.
pub fn slugify(text: &str, max_len: usize) -> String {
    let mut slug = String::new();
    for c in text.nfkd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(max_len);
    slug.trim_end_matches('-').to_string()
}

/// `base`, or `base-2`, `base-3`, … — the first one `is_taken` refuses,
/// keeping the whole within `max_len`.
pub fn free_variant(base: &str, max_len: usize, is_taken: impl Fn(&str) -> bool) -> String {
    if !is_taken(base) {
        return base.to_string();
    }
    (2u32..)
        .map(|n| {
            let suffix = format!("-{n}");
            let stem = base[..base.len().min(max_len - suffix.len())].trim_end_matches('-');
            format!("{stem}{suffix}")
        })
        .find(|candidate| !is_taken(candidate))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::{free_variant, slugify};

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slugify("  Café Über & Co.  ", 40), "cafe-uber-co");
        assert_eq!(slugify("ACME, Inc!!", 40), "acme-inc");
        assert_eq!(slugify("日本", 40), "");
    }

    #[test]
    fn slugs_respect_the_length_limit_without_a_trailing_hyphen() {
        assert_eq!(slugify("abc def", 4), "abc");
    }

    #[test]
    fn a_taken_slug_gets_the_first_free_number() {
        let taken = ["acme", "acme-2"];
        assert_eq!(free_variant("acme", 40, |s| taken.contains(&s)), "acme-3");
        assert_eq!(free_variant("new", 40, |s| taken.contains(&s)), "new");
    }
}
