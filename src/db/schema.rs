//! The Diesel view of `migrations/`; keep the two in step.

diesel::table! {
    users (id) {
        id -> Int8,
        email -> Text,
        name -> Text,
        password_hash -> Nullable<Text>,
        session_epoch -> Int4,
        created_at -> Timestamptz,
        notify_commissions -> Bool,
        notify_payouts -> Bool,
        email_verified_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    vendors (id) {
        id -> Int8,
        name -> Text,
        slug -> Text,
        website -> Text,
        terms_url -> Nullable<Text>,
        created_at -> Timestamptz,
        currency -> Text,
        attribution_window_days -> Int4,
        stripe_secret_sealed -> Nullable<Bytea>,
        allowed_domains -> Array<Text>,
        pending_domains -> Array<Text>,
        stripe_livemode -> Bool,
    }
}

diesel::table! {
    vendor_members (vendor_id, user_id) {
        vendor_id -> Int8,
        user_id -> Int8,
        role -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    partner_groups (id) {
        id -> Int8,
        vendor_id -> Int8,
        name -> Text,
        slug -> Text,
        destination_url -> Text,
        referral_links_enabled -> Bool,
        terms_url -> Nullable<Text>,
        application_enabled -> Bool,
        is_default -> Bool,
        created_at -> Timestamptz,
        application_title -> Text,
        application_description -> Text,
    }
}

diesel::table! {
    partnerships (id) {
        id -> Int8,
        vendor_id -> Int8,
        user_id -> Int8,
        group_id -> Int8,
        code -> Text,
        parent_id -> Nullable<Int8>,
        status -> Text,
        links_deactivated -> Bool,
        created_at -> Timestamptz,
        removed_at -> Nullable<Timestamptz>,
        partner_name -> Text,
        search_text -> Text,
    }
}

diesel::table! {
    links (id) {
        id -> Int8,
        vendor_id -> Int8,
        group_id -> Nullable<Int8>,
        partnership_id -> Nullable<Int8>,
        kind -> Text,
        is_original -> Bool,
        title -> Text,
        description -> Text,
        destination_url -> Text,
        utm_source -> Nullable<Text>,
        utm_medium -> Nullable<Text>,
        utm_campaign -> Nullable<Text>,
        utm_term -> Nullable<Text>,
        utm_content -> Nullable<Text>,
        code -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Int8,
        key_hash -> Text,
        failed_at -> Timestamptz,
    }
}

diesel::table! {
    group_slug_history (vendor_id, slug) {
        vendor_id -> Int8,
        slug -> Text,
        group_id -> Int8,
        retired_at -> Timestamptz,
    }
}

diesel::table! {
    secondary_link_activations (link_id, partnership_id) {
        link_id -> Int8,
        partnership_id -> Int8,
        activated_at -> Timestamptz,
    }
}

diesel::table! {
    clicks (id) {
        id -> Int8,
        link_id -> Int8,
        partnership_id -> Int8,
        ad_id -> Nullable<Int8>,
        clicked_at -> Timestamptz,
        visitor_hash -> Text,
        referer -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        is_bot -> Bool,
        public_id -> Nullable<Text>,
        is_unique -> Bool,
    }
}

diesel::table! {
    click_rollups (partnership_id, day, link_id, ad_id) {
        day -> Date,
        link_id -> Int8,
        partnership_id -> Int8,
        ad_id -> Int8,
        clicks -> Int8,
        unique_clicks -> Int8,
    }
}

diesel::table! {
    partner_activity (id) {
        id -> Int8,
        partnership_id -> Int8,
        kind -> Text,
        detail -> Text,
        actor_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Int8,
        vendor_id -> Int8,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    imports (id) {
        id -> Int8,
        vendor_id -> Int8,
        created_by -> Nullable<Int8>,
        file_name -> Text,
        content -> Text,
        send_invites -> Bool,
        created_at -> Timestamptz,
        applied_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    ads (id) {
        id -> Int8,
        partnership_id -> Int8,
        name -> Text,
        description -> Text,
        media_type -> Text,
        starts_on -> Date,
        code -> Text,
        created_at -> Timestamptz,
        banner_id -> Nullable<Int8>,
    }
}

diesel::table! {
    customers (id) {
        id -> Int8,
        vendor_id -> Int8,
        partnership_id -> Nullable<Int8>,
        click_id -> Nullable<Int8>,
        external_id -> Text,
        signed_up_at -> Timestamptz,
        email -> Nullable<Text>,
        name -> Nullable<Text>,
        attribution -> Text,
        reason -> Text,
        self_referral -> Bool,
        clicked_at -> Nullable<Timestamptz>,
        link_id -> Nullable<Int8>,
        ad_id -> Nullable<Int8>,
        search_text -> Text,
    }
}

diesel::table! {
    transactions (id) {
        id -> Int8,
        vendor_id -> Int8,
        customer_id -> Int8,
        partnership_id -> Nullable<Int8>,
        amount_cents -> Int8,
        currency -> Text,
        occurred_at -> Timestamptz,
        sale_key -> Text,
        product -> Nullable<Text>,
        refunded_cents -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    refunds (id) {
        id -> Int8,
        vendor_id -> Int8,
        transaction_id -> Int8,
        amount_cents -> Int8,
        refund_key -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    stripe_events (vendor_id, event_id) {
        vendor_id -> Int8,
        event_id -> Text,
        kind -> Text,
        received_at -> Timestamptz,
        livemode -> Nullable<Bool>,
        api_version -> Nullable<Text>,
        outcome -> Text,
        note -> Text,
    }
}

diesel::table! {
    api_idempotency (key_hash, idempotency) {
        key_hash -> Text,
        idempotency -> Text,
        request_hash -> Text,
        status -> Nullable<Int4>,
        body -> Nullable<Bytea>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    sale_references (vendor_id, reference) {
        vendor_id -> Int8,
        reference -> Text,
        sale_key -> Text,
    }
}

diesel::table! {
    stripe_charge_refunds (vendor_id, charge_id) {
        vendor_id -> Int8,
        charge_id -> Text,
        payment_intent -> Nullable<Text>,
        invoice -> Nullable<Text>,
        refunded_cents -> Int8,
        currency -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    outbox_emails (id) {
        id -> Int8,
        recipient -> Text,
        subject -> Text,
        sealed_body -> Nullable<Bytea>,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        claimed_at -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    invites (id) {
        id -> Int8,
        vendor_id -> Int8,
        group_id -> Int8,
        email -> Text,
        invited_by -> Nullable<Int8>,
        message -> Text,
        token_hash -> Text,
        status -> Text,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
        accepted_at -> Nullable<Timestamptz>,
        partnership_id -> Nullable<Int8>,
    }
}

diesel::table! {
    invite_sends (id) {
        id -> Int8,
        invite_id -> Int8,
        outbox_email_id -> Int8,
        sent_at -> Timestamptz,
    }
}

diesel::table! {
    applications (id) {
        id -> Int8,
        vendor_id -> Int8,
        group_id -> Int8,
        user_id -> Int8,
        parent_id -> Nullable<Int8>,
        answers -> Jsonb,
        status -> Text,
        reason -> Text,
        created_at -> Timestamptz,
        decided_at -> Nullable<Timestamptz>,
        decided_by -> Nullable<Int8>,
        partnership_id -> Nullable<Int8>,
    }
}

diesel::table! {
    offers (id) {
        id -> Int8,
        vendor_id -> Int8,
        group_id -> Int8,
        name -> Text,
        trigger -> Text,
        within_months -> Nullable<Int4>,
        reward_kind -> Text,
        reward_cents -> Nullable<Int8>,
        reward_basis_points -> Nullable<Int4>,
        min_sale_cents -> Nullable<Int8>,
        product_key -> Nullable<Text>,
        max_per_customer_cents -> Nullable<Int8>,
        max_per_partner_month_cents -> Nullable<Int8>,
        hold_days -> Int4,
        referral_basis_points -> Nullable<Int4>,
        archived_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    payouts (id) {
        id -> Int8,
        vendor_id -> Int8,
        partnership_id -> Int8,
        batch -> Text,
        amount_cents -> Int8,
        currency -> Text,
        status -> Text,
        reference -> Nullable<Text>,
        paid_on -> Nullable<Date>,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    commissions (id) {
        id -> Int8,
        vendor_id -> Int8,
        partnership_id -> Int8,
        offer_id -> Int8,
        group_id -> Int8,
        customer_id -> Int8,
        transaction_id -> Nullable<Int8>,
        event_key -> Text,
        kind -> Text,
        corrects_id -> Nullable<Int8>,
        earned_cents -> Int8,
        amount_cents -> Int8,
        currency -> Text,
        arithmetic -> Text,
        status -> Text,
        hold_until -> Timestamptz,
        payout_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    commission_history (id) {
        id -> Int8,
        commission_id -> Int8,
        status -> Text,
        note -> Text,
        actor_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Int8,
        user_id -> Int8,
        token_hash -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    reset_requests (id) {
        id -> Int8,
        key_hash -> Text,
        requested_at -> Timestamptz,
    }
}

diesel::table! {
    email_verifications (id) {
        id -> Int8,
        user_id -> Int8,
        token_hash -> Text,
        next_path -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    team_invites (id) {
        id -> Int8,
        vendor_id -> Int8,
        email -> Text,
        invited_by -> Nullable<Int8>,
        token_hash -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        accepted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    form_fields (id) {
        id -> Int8,
        group_id -> Int8,
        form -> Text,
        label -> Text,
        kind -> Text,
        choices -> Text,
        required -> Bool,
        position -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_pipelines (group_id, pipeline) {
        group_id -> Int8,
        pipeline -> Text,
        enabled -> Bool,
        title -> Text,
        description -> Text,
        won_action -> Text,
    }
}

diesel::table! {
    pipeline_stages (id) {
        id -> Int8,
        group_id -> Int8,
        pipeline -> Text,
        name -> Text,
        position -> Int4,
        outcome -> Text,
    }
}

diesel::table! {
    pipeline_entries (id) {
        id -> Int8,
        vendor_id -> Int8,
        group_id -> Int8,
        partnership_id -> Int8,
        pipeline -> Text,
        stage_id -> Int8,
        company -> Text,
        contact_name -> Text,
        contact_email -> Text,
        amount_cents -> Nullable<Int8>,
        currency -> Nullable<Text>,
        expected_close -> Nullable<Date>,
        answers -> Jsonb,
        duplicate_of -> Nullable<Int8>,
        customer_id -> Nullable<Int8>,
        sale_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    pipeline_events (id) {
        id -> Int8,
        entry_id -> Int8,
        at -> Timestamptz,
        actor_id -> Nullable<Int8>,
        what -> Text,
    }
}

diesel::table! {
    group_social_content (group_id) {
        group_id -> Int8,
        x_message -> Text,
        linkedin_title -> Text,
        linkedin_message -> Text,
        email_subject -> Text,
        email_body -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    group_resources (id) {
        id -> Int8,
        vendor_id -> Int8,
        group_id -> Int8,
        kind -> Text,
        title -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    banners (id) {
        id -> Int8,
        vendor_id -> Int8,
        link_id -> Int8,
        name -> Text,
        media_type -> Text,
        width -> Int4,
        height -> Int4,
        bytes -> Bytea,
        sha256 -> Text,
        created_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    link_daily_clicks (link_id, day) {
        day -> Date,
        link_id -> Int8,
        clicks -> Int8,
        unique_clicks -> Int8,
    }
}

diesel::joinable!(vendor_members -> vendors (vendor_id));
diesel::joinable!(vendor_members -> users (user_id));
diesel::joinable!(partner_groups -> vendors (vendor_id));
diesel::joinable!(partnerships -> vendors (vendor_id));
diesel::joinable!(partnerships -> users (user_id));
diesel::joinable!(partnerships -> partner_groups (group_id));
diesel::joinable!(links -> partner_groups (group_id));
diesel::joinable!(group_slug_history -> partner_groups (group_id));
diesel::joinable!(form_fields -> partner_groups (group_id));
diesel::joinable!(clicks -> partnerships (partnership_id));
diesel::joinable!(clicks -> links (link_id));
diesel::joinable!(clicks -> ads (ad_id));
diesel::joinable!(click_rollups -> links (link_id));
diesel::joinable!(click_rollups -> partnerships (partnership_id));
diesel::joinable!(ads -> partnerships (partnership_id));
diesel::joinable!(partner_activity -> partnerships (partnership_id));
diesel::joinable!(customers -> partnerships (partnership_id));
diesel::joinable!(transactions -> partnerships (partnership_id));
diesel::joinable!(transactions -> customers (customer_id));
diesel::joinable!(refunds -> transactions (transaction_id));
diesel::joinable!(customers -> clicks (click_id));
diesel::joinable!(offers -> partner_groups (group_id));
diesel::joinable!(commissions -> offers (offer_id));
diesel::joinable!(commissions -> partnerships (partnership_id));
diesel::joinable!(commissions -> customers (customer_id));
diesel::joinable!(commission_history -> commissions (commission_id));
diesel::joinable!(payouts -> partnerships (partnership_id));
diesel::joinable!(invites -> partner_groups (group_id));
diesel::joinable!(applications -> partner_groups (group_id));
diesel::joinable!(applications -> users (user_id));
diesel::joinable!(invites -> vendors (vendor_id));
diesel::joinable!(invite_sends -> invites (invite_id));
diesel::joinable!(invite_sends -> outbox_emails (outbox_email_id));

diesel::joinable!(pipeline_entries -> pipeline_stages (stage_id));
diesel::joinable!(pipeline_stages -> partner_groups (group_id));
diesel::joinable!(pipeline_entries -> partnerships (partnership_id));
diesel::joinable!(pipeline_entries -> partner_groups (group_id));
diesel::joinable!(pipeline_events -> pipeline_entries (entry_id));

diesel::joinable!(group_resources -> partner_groups (group_id));

diesel::joinable!(banners -> links (link_id));

diesel::allow_tables_to_appear_in_same_query!(
    banners,
    group_resources,
    group_pipelines,
    pipeline_stages,
    pipeline_entries,
    pipeline_events,
    users,
    vendors,
    vendor_members,
    partner_groups,
    partnerships,
    links,
    login_failures,
    group_slug_history,
    secondary_link_activations,
    clicks,
    click_rollups,
    customers,
    transactions,
    refunds,
    stripe_events,
    sale_references,
    stripe_charge_refunds,
    api_idempotency,
    offers,
    payouts,
    commissions,
    commission_history,
    password_resets,
    reset_requests,
    email_verifications,
    form_fields,
    team_invites,
    outbox_emails,
    invites,
    invite_sends,
    applications,
    ads,
    partner_activity,
    api_keys,
    imports,
);
