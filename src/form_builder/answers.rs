//! Checking an applicant's answers against the group's questions.

use std::collections::HashMap;

use super::queries::{Answer, Field};
use crate::db::states::FieldKind;
use crate::domain::{EmailAddress, WebUrl};
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
    match field.kind {
        FieldKind::LongText => text::optional(raw, 2000),
        FieldKind::Url => WebUrl::parse(raw).map(|url| url.as_str().to_string()),
        FieldKind::Email => EmailAddress::parse(raw).map(|email| email.as_str().to_string()),
        FieldKind::Phone => phone(raw),
        FieldKind::Choice if field.choice_list().contains(&raw) => Ok(raw.to_string()),
        FieldKind::Choice => Err("Choose one of the options.".into()),
        FieldKind::ShortText => text::optional(raw, 200),
    }
}

/// A phone number as people write it: digits with spaces, dots, dashes,
/// brackets and a leading +, 6 to 20 digits.
fn phone(raw: &str) -> Result<String, String> {
    let allowed =
        raw.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    if allowed && (6..=20).contains(&digits) {
        Ok(raw.to_string())
    } else {
        Err("Enter a phone number, e.g. +1 555 010 0200.".into())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::check;
    use crate::db::ids::FieldId;
    use crate::db::states::FieldKind;
    use crate::form_builder::Field;

    fn field(id: i64, kind: FieldKind, required: bool) -> Field {
        Field { id: FieldId(id), label: format!("Q{id}"), kind, choices: "Blog\nVideo".into(), required }
    }

    #[test]
    fn answers_are_checked_by_type_and_requirement() {
        let fields =
            [field(1, FieldKind::ShortText, true), field(2, FieldKind::Url, false), field(3, FieldKind::Choice, true)];
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

    #[test]
    fn emails_and_phone_numbers_are_checked_as_such() {
        let fields = [field(1, FieldKind::Email, true), field(2, FieldKind::Phone, true)];
        let answer = |email: &str, phone: &str| {
            HashMap::from([("field_1".to_string(), email.to_string()), ("field_2".to_string(), phone.to_string())])
        };
        assert!(check(&fields, &answer("ann@example.com", "+1 (555) 010-0200")).is_ok());
        let errors = check(&fields, &answer("not an email", "call me")).unwrap_err();
        assert!(errors.get("field_1").is_some() && errors.get("field_2").is_some());
        assert!(check(&fields, &answer("ann@example.com", "12+345678")).is_err(), "a + only in front");
    }
}
