//! Checking an applicant's answers against the group's questions.

use std::collections::HashMap;

use super::queries::{Answer, Field};
use crate::domain::WebUrl;
use crate::web::{FormErrors, text};

/// The answers in question order, or a message under each bad one.
pub fn check(fields: &[Field], submitted: &HashMap<String, String>) -> Result<Vec<Answer>, FormErrors> {
    let mut errors = FormErrors::new();
    let mut answers = Vec::new();
    for field in fields {
        let name = field.input_name();
        let raw = submitted.get(&name).map(|v| v.trim()).unwrap_or_default();
        let checked = if raw.is_empty() {
            if field.required { Err("This question needs an answer.".to_string()) } else { Ok(String::new()) }
        } else {
            check_one(field, raw)
        };
        if let Some(answer) = errors.check(&name, checked) {
            answers.push(Answer { question: field.label.clone(), answer });
        }
    }
    errors.into_result(|| Some(answers))
}

fn check_one(field: &Field, raw: &str) -> Result<String, String> {
    match field.kind.as_str() {
        "long_text" => text::optional(raw, 2000),
        "url" => WebUrl::parse(raw).map(|url| url.as_str().to_string()),
        "choice" if field.choice_list().contains(&raw) => Ok(raw.to_string()),
        "choice" => Err("Choose one of the options.".into()),
        _ => text::optional(raw, 200),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::check;
    use crate::applications::queries::Field;
    use crate::db::ids::GroupId;

    fn field(id: i64, kind: &str, required: bool) -> Field {
        Field {
            id,
            group_id: GroupId(1),
            label: format!("Q{id}"),
            kind: kind.into(),
            choices: "Blog\nVideo".into(),
            required,
        }
    }

    #[test]
    fn answers_are_checked_by_type_and_requirement() {
        let fields = [field(1, "short_text", true), field(2, "url", false), field(3, "choice", true)];
        let good =
            HashMap::from([("field_1".to_string(), "Me".to_string()), ("field_3".to_string(), "Video".to_string())]);
        let bad = HashMap::from([
            ("field_2".to_string(), "not a url".to_string()),
            ("field_3".to_string(), "Radio".to_string()),
        ]);

        assert_eq!(check(&fields, &good).unwrap().len(), 3);
        let errors = check(&fields, &bad).unwrap_err();
        assert!(errors.get("field_1").is_some() && errors.get("field_2").is_some() && errors.get("field_3").is_some());
    }
}
