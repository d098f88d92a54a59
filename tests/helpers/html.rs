//! Reading pages by CSS selectors rather than substrings.

use reqwest::StatusCode;
use scraper::{Html, Selector};

/// A fetched page: status and parsed HTML.
pub struct Page {
    pub status: StatusCode,
    pub html: Html,
}

impl Page {
    pub fn texts(&self, selector: &str) -> Vec<String> {
        texts(&self.html, selector)
    }

    /// The one element's text; panics naming the selector when absent.
    pub fn text(&self, selector: &str) -> String {
        self.texts(selector).into_iter().next().unwrap_or_else(|| panic!("no element matches {selector:?}"))
    }

    pub fn has(&self, selector: &str) -> bool {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html.select(&selector).next().is_some()
    }

    pub fn attr(&self, selector: &str, attribute: &str) -> Option<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html.select(&selector).find_map(|e| e.value().attr(attribute).map(str::to_string))
    }

    /// The attribute of every match that has it.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html.select(&selector).filter_map(|e| e.value().attr(attribute).map(str::to_string)).collect()
    }

    /// The message under a form field.
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.texts(&format!("#{field}-error")).into_iter().next()
    }

    /// What a form field holds now.
    pub fn field_value(&self, field: &str) -> Option<String> {
        self.attr(&format!("input[name={field}]"), "value")
    }
}

/// Trimmed, whitespace-collapsed text of every match.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .map(|e| e.text().collect::<Vec<_>>().join("").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}
