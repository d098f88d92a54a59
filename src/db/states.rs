//! Every status and kind column as a Rust enum mapped to its text column,
//! so a typo is a compile error rather than a `CHECK` violation at run time.

/// Declares an enum stored as one of a fixed set of texts in a `TEXT` column.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text stored in the database and used in forms and URLs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value a stored or submitted text stands for.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                use std::io::Write;
                out.write_all(self.as_str().as_bytes())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = std::str::from_utf8(value.as_bytes())?;
                $name::parse(text).ok_or_else(|| format!("{text:?} is not a {}", stringify!($name)).into())
            }
        }
    };
}

text_enum!(
    /// `vendor_members.role`.
    MemberRole {
        Owner = "owner",
        Admin = "admin",
    }
);

text_enum!(
    /// `partnerships.status`.
    PartnershipStatus {
        /// Made by the API for someone who has not accepted the invite yet.
        Pending = "pending",
        Active = "active",
        Removed = "removed",
    }
);

text_enum!(
    /// `invites.status`; whether a pending invite has expired is decided by
    /// `invites::queries::Invite::state`.
    InviteStatus {
        Pending = "pending",
        Accepted = "accepted",
        Revoked = "revoked",
    }
);

text_enum!(
    /// `applications.status`.
    ApplicationStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
);

text_enum!(
    /// `outbox_emails.status`.
    OutboxStatus {
        Pending = "pending",
        /// Claimed by a worker.
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
    }
);

text_enum!(
    /// `links.kind`.
    LinkKind {
        Default = "default",
        Secondary = "secondary",
        Individual = "individual",
    }
);

text_enum!(
    /// `form_fields.kind`.
    FieldKind {
        ShortText = "short_text",
        LongText = "long_text",
        Email = "email",
        Phone = "phone",
        Url = "url",
        Choice = "choice",
    }
);

text_enum!(
    /// `form_fields.form`: which of a group's forms a field belongs to.
    GroupForm {
        Application = "application",
        Leads = "leads",
        Deals = "deals",
    }
);

impl GroupForm {
    /// The pipeline a lead or deal form belongs to.
    pub fn pipeline(self) -> Option<Pipeline> {
        match self {
            GroupForm::Application => None,
            GroupForm::Leads => Some(Pipeline::Leads),
            GroupForm::Deals => Some(Pipeline::Deals),
        }
    }
}

impl From<Pipeline> for GroupForm {
    fn from(pipeline: Pipeline) -> GroupForm {
        match pipeline {
            Pipeline::Leads => GroupForm::Leads,
            Pipeline::Deals => GroupForm::Deals,
        }
    }
}

text_enum!(
    /// `group_pipelines.pipeline`: what partners submit through a group.
    Pipeline {
        Leads = "leads",
        Deals = "deals",
    }
);

text_enum!(
    /// `group_resources.kind`: what a vendor writes for its partners.
    ResourceKind {
        Email = "email",
        Page = "page",
    }
);

text_enum!(
    /// `pipeline_stages.outcome`.
    StageOutcome {
        Open = "open",
        Won = "won",
        Lost = "lost",
    }
);

text_enum!(
    /// `group_pipelines.won_action`: what a deal reaching a won stage does.
    WonAction {
        Mark = "mark",
        RecordSale = "record_sale",
    }
);

text_enum!(
    /// `ads.media_type`.
    MediaType {
        Email = "email",
        Website = "website",
        Social = "social",
        Banner = "banner",
        Video = "video",
        Other = "other",
    }
);

text_enum!(
    /// `partner_activity.kind`.
    ActivityKind {
        Moved = "moved",
        Removed = "removed",
        CustomerAssigned = "customer_assigned",
    }
);

text_enum!(
    /// `customers.attribution`: what credited the customer to a partner.
    AttributionSource {
        Click = "click",
        PartnerCode = "partner_code",
        Manual = "manual",
        /// Not credited; the customer's reason says why.
        None = "none",
    }
);

text_enum!(
    /// `offers.trigger`: which events earn the reward.
    OfferTrigger {
        Signup = "signup",
        EverySale = "every_sale",
        FirstSale = "first_sale",
        /// Sales within `within_months` of the customer's signup.
        SalesWithin = "sales_within",
    }
);

text_enum!(
    /// `offers.reward_kind`.
    RewardKind {
        Fixed = "fixed",
        Percent = "percent",
    }
);

text_enum!(
    /// `commissions.kind`.
    CommissionKind {
        Commission = "commission",
        /// The recruiting partner's share of a commission.
        ReferralOverride = "referral_override",
        /// Takes back (part of) a paid commission whose sale was refunded.
        Adjustment = "adjustment",
    }
);

text_enum!(
    /// `commissions.status`.
    CommissionStatus {
        Pending = "pending",
        Approved = "approved",
        Paid = "paid",
        Rejected = "rejected",
    }
);

text_enum!(
    /// `payouts.status`.
    PayoutStatus {
        Created = "created",
        Paid = "paid",
    }
);

text_enum!(
    /// `stripe_events.outcome`: what a delivered Stripe event did.
    StripeOutcome {
        Recorded = "recorded",
        /// Answered and not recorded (another mode, a kind not used, a
        /// failed payment); the event's note says why.
        Ignored = "ignored",
    }
);

#[cfg(test)]
mod tests {
    use super::{FieldKind, PartnershipStatus};

    #[test]
    fn every_value_reads_back_from_its_own_text_and_nothing_else_does() {
        for status in PartnershipStatus::ALL {
            assert_eq!(PartnershipStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(FieldKind::parse("long_text"), Some(FieldKind::LongText));
        assert_eq!(PartnershipStatus::parse("Active"), None);
    }
}
