//! What a list's search box matches. Three or more characters match
//! anywhere in a field; one or two match the start of it. Both shapes are
//! served by the trigram indexes: a pattern that starts with a wildcard
//! holds no whole trigram below three characters, so it would read every row.

/// Characters from which a search matches inside a field.
pub const ANYWHERE_FROM: usize = 3;

/// The ILIKE pattern for the search text, its wildcards matched literally;
/// `None` when there is nothing to search for.
pub fn like_pattern(search: &str) -> Option<String> {
    let text = search.trim();
    if text.is_empty() {
        return None;
    }
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    if text.chars().count() >= ANYWHERE_FROM { Some(format!("%{escaped}%")) } else { Some(format!("{escaped}%")) }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn long_text_matches_anywhere_and_short_text_the_start() {
        assert_eq!(like_pattern(" ann ").as_deref(), Some("%ann%"));
        assert_eq!(like_pattern("an").as_deref(), Some("an%"));
        assert_eq!(like_pattern("é").as_deref(), Some("é%"));
        assert_eq!(like_pattern("  "), None);
    }

    #[test]
    fn wildcards_are_matched_literally() {
        assert_eq!(like_pattern("50%_off").as_deref(), Some("%50\\%\\_off%"));
        assert_eq!(like_pattern("%").as_deref(), Some("\\%%"));
        assert_eq!(like_pattern("a\\").as_deref(), Some("a\\\\%"));
    }
}
