//! Typed ids, so a group id can never be passed where a vendor id belongs.
//! Each also deserializes from a URL path segment, so handlers take
//! `web::Path<(String, GroupId)>` and a malformed id is a 404.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            DieselNewType, Serialize, Deserialize,
        )]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A row of `users`.
    UserId,
    /// A row of `vendors`.
    VendorId,
    /// A row of `partner_groups`.
    GroupId,
    /// A row of `links`.
    LinkId,
    /// A row of `partnerships`.
    PartnershipId,
    /// A row of `ads`.
    AdId,
    /// A row of `clicks`.
    ClickId,
    /// A row of `customers`.
    CustomerId,
    /// A row of `transactions`.
    TransactionId,
    /// A row of `refunds`.
    RefundId,
    /// A row of `offers`.
    OfferId,
    /// A row of `commissions`.
    CommissionId,
    /// A row of `payouts`.
    PayoutId,
    /// A row of `invites`.
    InviteId,
    /// A row of `invite_sends`.
    InviteSendId,
    /// A row of `outbox_emails`.
    OutboxEmailId,
    /// A row of `form_fields`.
    FieldId,
    /// A row of `pipeline_stages`.
    StageId,
    /// A row of `pipeline_entries`: a lead or a deal.
    EntryId,
    /// A row of `group_resources`.
    ResourceId,
    /// A row of `banners`.
    BannerId,
    /// A row of `applications`.
    ApplicationId,
    /// A row of `api_keys`.
    ApiKeyId,
    /// A row of `imports`.
    ImportId,
    /// A row of `partner_activity`.
    ActivityId,
    /// A row of `login_failures`.
    LoginFailureId,
);
