//! What a list's search box matches. Three or more characters match
//! anywhere in a field; one or two match the start of one. A searchable
//! table keeps its searched fields, lower-cased, in one `search_text`
//! column, each field after [`FIELD_START`] (migration 30), and a search is
//! `search_text LIKE lower(pattern)`: one trigram index serves both shapes,
//! as a start-of-field pattern begins with the separator, not a bare
//! wildcard, so it still holds a trigram.

/// Characters from which a search matches inside a field.
pub const ANYWHERE_FROM: usize = 3;

/// What starts each field in a `search_text` column. A control character,
/// so no search can hold it: the address filter refuses them.
pub const FIELD_START: char = '\u{1f}';

/// The LIKE pattern on a `search_text` column for the search text, its
/// wildcards matched literally; `None` when there is nothing to search for.
/// The query lower-cases it, as PostgreSQL lower-cased the column.
pub fn like_pattern(search: &str) -> Option<String> {
    let text = search.trim();
    if text.is_empty() {
        return None;
    }
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    if text.chars().count() >= ANYWHERE_FROM {
        Some(format!("%{escaped}%"))
    } else {
        Some(format!("%{FIELD_START}{escaped}%"))
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn long_text_matches_anywhere_and_short_text_the_start_of_a_field() {
        assert_eq!(like_pattern(" ann ").as_deref(), Some("%ann%"));
        assert_eq!(like_pattern("an").as_deref(), Some("%\u{1f}an%"));
        assert_eq!(like_pattern("é").as_deref(), Some("%\u{1f}é%"));
        assert_eq!(like_pattern("  "), None);
    }

    #[test]
    fn wildcards_are_matched_literally() {
        assert_eq!(like_pattern("50%_off").as_deref(), Some("%50\\%\\_off%"));
        assert_eq!(like_pattern("%").as_deref(), Some("%\u{1f}\\%%"));
        assert_eq!(like_pattern("a\\").as_deref(), Some("%\u{1f}a\\\\%"));
    }
}
