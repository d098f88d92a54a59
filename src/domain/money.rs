//! Money: an integer number of the currency's minor unit, with the
//! currency. How many decimals a currency has (its ISO 4217 exponent: JPY
//! 0, KWD 3, most 2) comes from the `iso_currency` crate's ISO table; one
//! formatter, one parser and one plain-number writer serve every page,
//! form, CSV and API answer.

use std::fmt;

/// An ISO 4217 code: three upper-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

/// The largest amount accepted anywhere, in minor units: a trillion, far
/// beyond any sale, and far from what sums of many could overflow.
pub const AMOUNT_MAX: i64 = 1_000_000_000_000;

impl Currency {
    #[cfg(test)]
    pub const USD: Currency = Currency(*b"USD");

    /// A currency code as a person, an API client or Stripe wrote it, e.g.
    /// "usd": one of ISO 4217's currencies with a minor unit.
    pub fn parse(code: &str) -> Result<Self, String> {
        let refused = || "Use an ISO 4217 currency code, like USD, EUR or JPY.".to_string();
        let upper = code.trim().to_ascii_uppercase();
        let letters: [u8; 3] = upper.as_bytes().try_into().map_err(|_| refused())?;
        let known = iso_currency::Currency::from_code(&upper).and_then(iso_currency::Currency::exponent);
        match known {
            Some(_) if letters.iter().all(u8::is_ascii_uppercase) => Ok(Currency(letters)),
            _ => Err(refused()),
        }
    }

    /// A code read back from the database. Rows stored before codes were
    /// checked against ISO 4217 keep their letters (and two decimals); they
    /// never turn into another currency.
    pub fn stored(code: &str) -> Self {
        match <[u8; 3]>::try_from(code.as_bytes()) {
            Ok(letters) if letters.iter().all(u8::is_ascii_uppercase) => Currency(letters),
            _ => Currency(*b"XXX"),
        }
    }

    pub fn code(&self) -> &str {
        // Only ever built from three ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// How many decimals the minor unit has: ISO 4217's exponent.
    pub fn exponent(&self) -> u32 {
        iso_currency::Currency::from_code(self.code()).and_then(iso_currency::Currency::exponent).map_or(2, u32::from)
    }

    fn minor_per_major(&self) -> u64 {
        10u64.pow(self.exponent())
    }

    fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"USD" => Some("$"),
            b"EUR" => Some("€"),
            b"GBP" => Some("£"),
            b"JPY" => Some("¥"),
            _ => None,
        }
    }
}

/// An amount of money, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// In the currency's minor unit (cents for USD, yen for JPY, fils for KWD).
    pub cents: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(cents: i64, currency: Currency) -> Self {
        Money { cents, currency }
    }

    /// "$1,234.56", "-€5.00", "¥1,000", or "2.468 KWD" for currencies
    /// without a symbol here.
    pub fn format(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let amount = self.digits(true);
        match self.currency.symbol() {
            Some(symbol) => format!("{sign}{symbol}{amount}"),
            None => format!("{sign}{amount} {}", self.currency.code()),
        }
    }

    /// A plain number in major units, as spreadsheets and APIs read it:
    /// "1234.50", "-9.80", "1000" (JPY), "2.468" (KWD).
    pub fn decimal(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        format!("{sign}{}", self.digits(false))
    }

    /// The absolute amount in major units, grouped by thousands or not.
    fn digits(&self, grouped_by_thousands: bool) -> String {
        let minor = self.cents.unsigned_abs();
        let per_major = self.currency.minor_per_major();
        let units = minor / per_major;
        let units = if grouped_by_thousands { grouped(units) } else { units.to_string() };
        match self.currency.exponent() {
            0 => units,
            places => format!("{units}.{:0width$}", minor % per_major, width = places as usize),
        }
    }

    /// Amounts written as "EUR 1200,GBP 500" (currency, space, minor
    /// units; comma between), as the queries that sum each currency apart
    /// return them. Zero amounts and unreadable entries are left out.
    pub fn parse_list(list: &str) -> Vec<Money> {
        list.split(',')
            .filter_map(|entry| {
                let (code, cents) = entry.trim().split_once(' ')?;
                let code = code.trim();
                (code.len() == 3).then_some(())?;
                Some(Money::new(cents.parse().ok()?, Currency::stored(code)))
            })
            .filter(|money| money.cents != 0)
            .collect()
    }

    /// An amount a person typed — "49", "49.90", "1,250.00", "$5", "¥1000" —
    /// in `currency`'s minor unit: never negative, with at most as many
    /// decimals as the currency has, at most [`AMOUNT_MAX`].
    pub fn parse(raw: &str, currency: Currency) -> Result<Money, String> {
        let places = currency.exponent();
        let example = Money::new(4990 * 10i64.pow(places) / 100, currency).decimal();
        let decimals = match places {
            0 => format!("no decimals ({} has none)", currency.code()),
            places => format!("at most {places} decimals"),
        };
        let invalid = || format!("Enter an amount like {example}, not negative, with {decimals}.");
        let cents = parse_fixed(raw, places).ok_or_else(invalid)?;
        if cents > AMOUNT_MAX {
            return Err(format!("Enter an amount of at most {}.", Money::new(AMOUNT_MAX, currency).format()));
        }
        Ok(Money::new(cents, currency))
    }
}

/// `raw` as a whole number of `1/10^places` units: digits, an optional
/// point and at most `places` decimals, thousands commas and a leading
/// currency symbol allowed. `None` when it is anything else.
fn parse_fixed(raw: &str, places: u32) -> Option<i64> {
    let text: String = raw.trim().trim_start_matches(['$', '€', '£', '¥']).chars().filter(|c| *c != ',').collect();
    let (units, decimals) = text.split_once('.').unwrap_or((&text, ""));
    if (units.is_empty() && decimals.is_empty()) || decimals.len() > places as usize {
        return None;
    }
    if !units.bytes().chain(decimals.bytes()).all(|b| b.is_ascii_digit()) || (places == 0 && text.contains('.')) {
        return None;
    }
    let units: i64 = if units.is_empty() { 0 } else { units.parse().ok()? };
    let decimals: i64 =
        if places == 0 { 0 } else { format!("{decimals:0<width$}", width = places as usize).parse().ok()? };
    units.checked_mul(10i64.pow(places))?.checked_add(decimals)
}

/// A percentage typed by a person — "20", "12.5" — in basis points
/// (2000 = 20%), above 0 and at most 100.
pub fn parse_percent(raw: &str) -> Result<i32, String> {
    let message = "Enter a percentage above 0 and at most 100, like 20 or 12.5.";
    let points = parse_fixed(raw.trim().trim_end_matches('%'), 2).ok_or_else(|| message.to_string())?;
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
    use super::{Currency, Money, parse_percent};

    fn currency(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn amounts_are_grouped_by_thousands_with_the_currencys_own_decimals() {
        let usd = |cents| Money::new(cents, Currency::USD).format();
        assert_eq!(usd(0), "$0.00");
        assert_eq!(usd(5), "$0.05");
        assert_eq!(usd(123_456_789), "$1,234,567.89");
        assert_eq!(usd(-100_000), "-$1,000.00");
        assert_eq!(Money::new(150, currency("chf")).format(), "1.50 CHF");
        assert_eq!(Money::new(1000, currency("JPY")).format(), "¥1,000");
        assert_eq!(Money::new(2468, currency("KWD")).format(), "2.468 KWD");
        assert_eq!(Money::new(-5, currency("BHD")).format(), "-0.005 BHD");
    }

    #[test]
    fn plain_numbers_carry_the_currencys_decimals() {
        assert_eq!(Money::new(123_450, Currency::USD).decimal(), "1234.50");
        assert_eq!(Money::new(-980, Currency::USD).decimal(), "-9.80");
        assert_eq!(Money::new(1000, currency("JPY")).decimal(), "1000");
        assert_eq!(Money::new(2468, currency("KWD")).decimal(), "2.468");
    }

    #[test]
    fn only_iso_4217_currencies_with_a_minor_unit_are_accepted() {
        assert_eq!(currency(" eur ").code(), "EUR");
        assert_eq!((currency("JPY").exponent(), currency("KWD").exponent(), currency("TND").exponent()), (0, 3, 3));
        for bad in ["", "US", "USDX", "U$D", "€", "ABC", "XAU", "XXX"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Currency::stored("ABC").code(), "ABC", "a stored code stays what it was");
    }

    #[test]
    fn a_list_of_amounts_reads_back_each_currency_and_skips_zeros_and_junk() {
        let read = Money::parse_list("EUR 1200,GBP 0, JPY -5,junk,XX 1");
        assert_eq!(read, vec![Money::new(1200, currency("EUR")), Money::new(-5, currency("JPY"))]);
    }

    #[test]
    fn typed_amounts_read_in_the_currencys_minor_unit() {
        let usd = |raw| Money::parse(raw, Currency::USD).map(|m| m.cents);
        assert_eq!(usd("49.9"), Ok(4990));
        assert_eq!(usd("$1,250"), Ok(125_000));
        assert_eq!(usd(".5"), Ok(50));
        for bad in ["", "-5", "1.234", "abc", "1.2.3", ".", "10000000001"] {
            assert!(usd(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Money::parse("¥1,000", currency("JPY")).map(|m| m.cents), Ok(1000));
        let refused = Money::parse("10.5", currency("JPY")).unwrap_err();
        assert!(refused.contains("no decimals"), "{refused}");
        assert_eq!(Money::parse("2.468", currency("KWD")).map(|m| m.cents), Ok(2468));
        assert_eq!(Money::parse("2.5", currency("KWD")).map(|m| m.cents), Ok(2500));
        assert!(Money::parse("2.4681", currency("KWD")).is_err());
    }

    #[test]
    fn percentages_read_as_basis_points() {
        assert_eq!(parse_percent("20"), Ok(2000));
        assert_eq!(parse_percent("12.5%"), Ok(1250));
        for bad in ["0", "100.01", "150", "-1", "x"] {
            assert!(parse_percent(bad).is_err(), "{bad:?}");
        }
    }
}
