//! Who a new customer is credited to, and why. The facts (the click, the
//! partner) are read first; the rules are here, free of the database, so
//! each one is tested on its own. The rules, as docs/crediting.md states them:
//!
//! * a click id beats a partner code; the click must be the vendor's own,
//!   from a partner still active, and within the vendor's window;
//! * a partner code credits an active partner of the vendor;
//! * a customer whose email is the partner's own is a self-referral: not
//!   credited, and flagged;
//! * otherwise the customer stays unattributed, with the reason.

use chrono::{DateTime, Duration, Utc};

use crate::db::ids::{AdId, ClickId, LinkId, PartnershipId, VendorId};
use crate::db::states::AttributionSource;

/// The partner a click or a code points at.
#[derive(Debug, Clone)]
pub struct PartnerFacts {
    pub partnership: PartnershipId,
    pub vendor: VendorId,
    pub code: String,
    pub active: bool,
    pub email: String,
}

/// A stored click, with its partner.
#[derive(Debug, Clone)]
pub struct ClickFacts {
    pub id: ClickId,
    pub public_id: String,
    pub clicked_at: DateTime<Utc>,
    pub link: LinkId,
    pub ad: Option<AdId>,
    pub partner: PartnerFacts,
}

/// The click a customer came through, kept on the customer: the raw
/// click itself leaves with its month once raw clicks expire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClickTrail {
    pub id: ClickId,
    pub at: DateTime<Utc>,
    pub link: LinkId,
    pub ad: Option<AdId>,
}

impl ClickTrail {
    fn of(click: &ClickFacts) -> Self {
        ClickTrail { id: click.id, at: click.clicked_at, link: click.link, ad: click.ad }
    }
}

/// What the vendor sent, looked up: `None` when not sent, `Some(None)`
/// when sent but unknown.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub click: Option<Option<ClickFacts>>,
    pub partner_code: Option<(String, Option<PartnerFacts>)>,
}

/// The program's side of the decision.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    pub vendor: VendorId,
    pub window_days: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub partnership: Option<PartnershipId>,
    pub partner_code: Option<String>,
    pub click: Option<ClickTrail>,
    pub source: AttributionSource,
    pub reason: String,
    pub self_referral: bool,
}

impl Decision {
    /// A person credited the customer to `partner` by hand.
    pub fn manual(partner: &PartnerFacts, reason: String) -> Self {
        Decision {
            partnership: Some(partner.partnership),
            partner_code: Some(partner.code.clone()),
            click: None,
            source: AttributionSource::Manual,
            reason,
            self_referral: false,
        }
    }

    fn unattributed(reason: String) -> Self {
        Decision {
            partnership: None,
            partner_code: None,
            click: None,
            source: AttributionSource::None,
            reason,
            self_referral: false,
        }
    }

    fn self_referral(partner: &PartnerFacts) -> Self {
        Decision {
            self_referral: true,
            ..Self::unattributed(format!(
                "Self-referral: the customer's email is partner {}'s own; not credited.",
                partner.code
            ))
        }
    }
}

/// A claim's outcome: credited, refused as a self-referral, or not usable.
enum Outcome {
    Credited(Decision),
    SelfReferral(Decision),
    Unusable(String),
}

/// Decides the attribution of a customer who signed up `at`.
pub fn decide(program: Program, customer_email: Option<&str>, at: DateTime<Utc>, evidence: &Evidence) -> Decision {
    let from_click = evidence.click.as_ref().map(|click| by_click(program, customer_email, at, click.as_ref()));
    let click_note = match from_click {
        Some(Outcome::Credited(decision) | Outcome::SelfReferral(decision)) => return decision,
        Some(Outcome::Unusable(reason)) => Some(reason),
        None => None,
    };
    let from_code =
        evidence.partner_code.as_ref().map(|(code, partner)| by_code(program, customer_email, code, partner.as_ref()));
    match (from_code, click_note) {
        (Some(Outcome::Credited(mut decision)), Some(note)) => {
            decision.reason = format!("{} The click id was not used: {note}", decision.reason);
            decision
        }
        (Some(Outcome::Credited(decision) | Outcome::SelfReferral(decision)), _) => decision,
        (Some(Outcome::Unusable(code_note)), Some(note)) => Decision::unattributed(format!("{note} {code_note}")),
        (Some(Outcome::Unusable(note)), None) | (None, Some(note)) => Decision::unattributed(note),
        (None, None) => Decision::unattributed("No click id or partner code was sent.".into()),
    }
}

fn by_click(program: Program, email: Option<&str>, at: DateTime<Utc>, click: Option<&ClickFacts>) -> Outcome {
    let Some(click) = click else { return Outcome::Unusable("The click id is not known.".into()) };
    let partner = &click.partner;
    if partner.vendor != program.vendor {
        return Outcome::Unusable("The click belongs to another program.".into());
    }
    let days = (at - click.clicked_at).num_days();
    if at - click.clicked_at > Duration::days(i64::from(program.window_days)) {
        return Outcome::Unusable(format!(
            "The click was {days} days before the signup, outside the {}-day attribution window.",
            program.window_days
        ));
    }
    let reason = format!(
        "Last click on {} ({}), {} before the signup, within the {}-day window.",
        click.clicked_at.format("%Y-%m-%d %H:%M UTC"),
        click.public_id,
        ago(days),
        program.window_days
    );
    credit(partner, email, Some(ClickTrail::of(click)), AttributionSource::Click, reason)
}

fn by_code(program: Program, email: Option<&str>, code: &str, partner: Option<&PartnerFacts>) -> Outcome {
    let Some(partner) = partner.filter(|partner| partner.vendor == program.vendor) else {
        return Outcome::Unusable(format!("No partner of this program has the code {code:?}."));
    };
    let reason = format!("Partner code {} was sent with the signup.", partner.code);
    credit(partner, email, None, AttributionSource::PartnerCode, reason)
}

/// The last two rules, whatever named the partner: a removed partner is
/// not credited, and neither is a customer who is the partner.
fn credit(
    partner: &PartnerFacts,
    email: Option<&str>,
    click: Option<ClickTrail>,
    source: AttributionSource,
    reason: String,
) -> Outcome {
    if !partner.active {
        return Outcome::Unusable(format!("Partner {} is no longer an active partner.", partner.code));
    }
    if is_self_referral(email, partner) {
        return Outcome::SelfReferral(Decision::self_referral(partner));
    }
    Outcome::Credited(Decision {
        partnership: Some(partner.partnership),
        partner_code: Some(partner.code.clone()),
        click,
        source,
        reason,
        self_referral: false,
    })
}

fn is_self_referral(email: Option<&str>, partner: &PartnerFacts) -> bool {
    email.is_some_and(|email| email.trim().eq_ignore_ascii_case(partner.email.trim()))
}

fn ago(days: i64) -> String {
    match days {
        0 => "less than a day".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::*;

    const VENDOR: VendorId = VendorId(1);
    const PROGRAM: Program = Program { vendor: VENDOR, window_days: 90 };

    fn partner(code: &str, active: bool) -> PartnerFacts {
        PartnerFacts {
            partnership: PartnershipId(7),
            vendor: VENDOR,
            code: code.into(),
            active,
            email: "pat@partner.example".into(),
        }
    }

    fn click(days_ago: i64, partner: PartnerFacts) -> ClickFacts {
        ClickFacts {
            id: ClickId(3),
            public_id: "c1".into(),
            clicked_at: Utc::now() - Duration::days(days_ago),
            link: LinkId(5),
            ad: None,
            partner,
        }
    }

    fn with_click(click: ClickFacts) -> Evidence {
        Evidence { click: Some(Some(click)), partner_code: None }
    }

    #[test]
    fn a_click_inside_the_window_credits_its_partner_and_one_day_past_it_does_not() {
        let inside = decide(PROGRAM, None, Utc::now(), &with_click(click(90, partner("pat", true))));
        assert_eq!(inside.partnership, Some(PartnershipId(7)));
        assert_eq!(inside.source, AttributionSource::Click);

        let outside = decide(PROGRAM, None, Utc::now(), &with_click(click(91, partner("pat", true))));
        assert_eq!(outside.partnership, None);
        assert!(outside.reason.contains("outside the 90-day"), "{}", outside.reason);
    }

    #[test]
    fn a_click_id_beats_a_partner_code() {
        let mut other = partner("other", true);
        other.partnership = PartnershipId(8);
        let evidence = Evidence {
            click: Some(Some(click(1, partner("pat", true)))),
            partner_code: Some(("other".into(), Some(other))),
        };
        assert_eq!(decide(PROGRAM, None, Utc::now(), &evidence).partnership, Some(PartnershipId(7)));
    }

    #[test]
    fn a_click_of_another_vendor_or_of_a_removed_partner_leaves_the_customer_unattributed() {
        let mut foreign = partner("pat", true);
        foreign.vendor = VendorId(2);
        let decision = decide(PROGRAM, None, Utc::now(), &with_click(click(1, foreign)));
        assert_eq!((decision.partnership, decision.reason.contains("another program")), (None, true));

        let removed = decide(PROGRAM, None, Utc::now(), &with_click(click(1, partner("pat", false))));
        assert_eq!(removed.partnership, None);
        assert!(removed.reason.contains("no longer an active partner"));
    }

    #[test]
    fn the_partners_own_email_is_a_flagged_self_referral() {
        let decision =
            decide(PROGRAM, Some("PAT@partner.example"), Utc::now(), &with_click(click(1, partner("pat", true))));
        assert_eq!((decision.partnership, decision.self_referral), (None, true));
    }

    #[test]
    fn an_unusable_click_falls_back_to_a_valid_partner_code_and_says_so() {
        let evidence = Evidence { click: Some(None), partner_code: Some(("pat".into(), Some(partner("pat", true)))) };
        let decision = decide(PROGRAM, None, Utc::now(), &evidence);
        assert_eq!(decision.source, AttributionSource::PartnerCode);
        assert!(decision.reason.contains("click id was not used"), "{}", decision.reason);
    }

    #[test]
    fn nothing_sent_or_unknown_codes_are_unattributed_with_the_reason() {
        assert!(decide(PROGRAM, None, Utc::now(), &Evidence::default()).reason.contains("No click id"));
        let unknown = Evidence { click: None, partner_code: Some(("nobody".into(), None)) };
        let decision = decide(PROGRAM, None, Utc::now(), &unknown);
        assert_eq!(decision.partnership, None);
        assert!(decision.reason.contains("\"nobody\""));
    }
}
