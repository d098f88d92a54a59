//! Money: integer cents with a currency, formatted in one place.

use std::fmt;

/// An ISO 4217 code: three upper-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// A currency code as a vendor or an API client wrote it, e.g. "usd".
    pub fn parse(code: &str) -> Result<Self, String> {
        match code.trim().to_ascii_uppercase().as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err("Use a three-letter currency code, like USD.".into()),
        }
    }

    pub fn code(&self) -> &str {
        // Only ever built from three ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"USD" => Some("$"),
            b"EUR" => Some("€"),
            b"GBP" => Some("£"),
            _ => None,
        }
    }
}

/// An amount of money, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub cents: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(cents: i64, currency: Currency) -> Self {
        Money { cents, currency }
    }

    /// "$1,234.56", "-€5.00", or "1,234.56 CHF" for currencies without a symbol here.
    pub fn format(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let cents = self.cents.unsigned_abs();
        let units = grouped(cents / 100);
        let amount = format!("{units}.{:02}", cents % 100);
        match self.currency.symbol() {
            Some(symbol) => format!("{sign}{symbol}{amount}"),
            None => format!("{sign}{amount} {}", self.currency.code()),
        }
    }
}

impl Money {
    /// Amounts written as "EUR 1200,GBP 500" (currency, space, cents; comma
    /// between), as the queries that sum each currency apart return them.
    /// Zero amounts and unreadable entries are left out.
    pub fn parse_list(list: &str) -> Vec<Money> {
        list.split(',')
            .filter_map(|entry| {
                let (code, cents) = entry.trim().split_once(' ')?;
                Some(Money::new(cents.parse().ok()?, Currency::parse(code).ok()?))
            })
            .filter(|money| money.cents != 0)
            .collect()
    }
}

/// An amount typed by a person — "49", "49.90", "1,250.00", "$5" — in
/// cents. Never negative; at most two decimals.
pub fn parse_cents(raw: &str) -> Result<i64, String> {
    let text: String = raw.trim().trim_start_matches(['$', '€', '£']).chars().filter(|c| *c != ',').collect();
    let invalid = || "Enter an amount like 49.90, not negative, with at most two decimals.".to_string();
    let (units, decimals) = text.split_once('.').unwrap_or((&text, ""));
    if units.is_empty() && decimals.is_empty() || decimals.len() > 2 {
        return Err(invalid());
    }
    if !units.bytes().chain(decimals.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let units: i64 = if units.is_empty() { 0 } else { units.parse().map_err(|_| invalid())? };
    let decimals: i64 = format!("{decimals:0<2}").parse().map_err(|_| invalid())?;
    units.checked_mul(100).and_then(|c| c.checked_add(decimals)).ok_or_else(invalid)
}

/// A percentage typed by a person — "20", "12.5" — in basis points
/// (2000 = 20%), above 0 and at most 100.
pub fn parse_percent(raw: &str) -> Result<i32, String> {
    let message = "Enter a percentage above 0 and at most 100, like 20 or 12.5.";
    let points = parse_cents(raw.trim().trim_end_matches('%')).map_err(|_| message.to_string())?;
    match i32::try_from(points) {
        Ok(points) if (1..=10_000).contains(&points) => Ok(points),
        _ => Err(message.into()),
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

/// "1234567" → "1,234,567".
pub fn grouped(units: u64) -> String {
    let digits = units.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Currency, Money};

    #[test]
    fn amounts_are_grouped_by_thousands_with_the_currency() {
        let usd = |cents| Money::new(cents, Currency::USD).format();
        assert_eq!(usd(0), "$0.00");
        assert_eq!(usd(5), "$0.05");
        assert_eq!(usd(123_456_789), "$1,234,567.89");
        assert_eq!(usd(-100_000), "-$1,000.00");
        assert_eq!(Money::new(150, Currency::parse("chf").unwrap()).format(), "1.50 CHF");
    }

    #[test]
    fn only_three_letter_codes_are_currencies() {
        assert_eq!(Currency::parse(" eur ").unwrap().code(), "EUR");
        for bad in ["", "US", "USDX", "U$D", "€"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_list_of_amounts_reads_back_each_currency_and_skips_zeros_and_junk() {
        let read = Money::parse_list("EUR 1200,GBP 0, JPY -5,junk,XX 1");
        assert_eq!(
            read,
            vec![Money::new(1200, Currency::parse("EUR").unwrap()), Money::new(-5, Currency::parse("JPY").unwrap())]
        );
    }

    #[test]
    fn typed_amounts_and_percentages_read_as_cents_and_basis_points() {
        use super::{parse_cents, parse_percent};
        assert_eq!(parse_cents("49.9"), Ok(4990));
        assert_eq!(parse_cents("$1,250"), Ok(125_000));
        assert_eq!(parse_cents(".5"), Ok(50));
        for bad in ["", "-5", "1.234", "abc", "1.2.3", "."] {
            assert!(parse_cents(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_percent("20"), Ok(2000));
        assert_eq!(parse_percent("12.5%"), Ok(1250));
        for bad in ["0", "100.01", "150", "-1", "x"] {
            assert!(parse_percent(bad).is_err(), "{bad:?}");
        }
    }
}
