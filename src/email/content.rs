//! What an email says: a typed struct rendered through three templates.

use serde::{Deserialize, Serialize};

/// The two bodies of a multipart email.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bodies {
    pub text: String,
    pub html: String,
}

/// A rendered email, ready for the outbox.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub bodies: Bodies,
}

/// An email type: `templates/email/<name>/{subject.txt,body.txt,body.html}`.
pub trait EmailContent {
    fn subject(&self) -> askama::Result<String>;
    fn text(&self) -> askama::Result<String>;
    fn html(&self) -> askama::Result<String>;

    fn to_email(&self, to: &str) -> askama::Result<OutgoingEmail> {
        Ok(OutgoingEmail {
            to: to.to_string(),
            subject: one_line(&self.subject()?),
            bodies: Bodies { text: self.text()?, html: self.html()? },
        })
    }
}

/// Text for a header: line breaks become spaces, so nothing a user typed
/// (a name, a company) can start a header of its own.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).map(str::trim).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Declares an email type's three templates over its data struct `$data`.
#[macro_export]
macro_rules! email_templates {
    ($data:ident, $subject:literal, $text:literal, $html:literal) => {
        const _: () = {
            use askama::Template;

            #[derive(Template)]
            #[template(path = $subject)]
            struct Subject<'a> {
                e: &'a $data,
            }

            #[derive(Template)]
            #[template(path = $text)]
            struct Text<'a> {
                e: &'a $data,
            }

            #[derive(Template)]
            #[template(path = $html)]
            struct Html<'a> {
                e: &'a $data,
            }

            impl $crate::email::EmailContent for $data {
                fn subject(&self) -> askama::Result<String> {
                    Subject { e: self }.render()
                }
                fn text(&self) -> askama::Result<String> {
                    Text { e: self }.render()
                }
                fn html(&self) -> askama::Result<String> {
                    Html { e: self }.render()
                }
            }
        };
    };
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn header_text_cannot_carry_a_line_break() {
        assert_eq!(one_line("Acme\r\nBcc: victim@example.com"), "Acme Bcc: victim@example.com");
        assert_eq!(one_line("  plain  "), "plain");
    }
}
