//! The account pages: log-in, sign-up and the account page.

use askama::Template;

use super::forms::{LoginForm, PartnerSignupForm, VendorSignupForm};
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub form: LoginForm,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/signup_vendor.html")]
pub struct VendorSignupPage {
    pub chrome: Chrome,
    pub form: VendorSignupForm,
    pub errors: FormErrors,
    /// Set when a signed-in person adds a vendor to their account.
    pub signed_in_as: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/signup_partner.html")]
pub struct PartnerSignupPage {
    pub chrome: Chrome,
    pub form: PartnerSignupForm,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
pub struct AccountPage {
    pub chrome: Chrome,
    pub name: String,
    pub email: String,
    pub errors: FormErrors,
    pub notify_commissions: bool,
    pub notify_payouts: bool,
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
pub struct ForgotPage {
    pub chrome: Chrome,
    pub email: String,
    pub errors: FormErrors,
    /// The request was taken: the same page whether or not the email has an account.
    pub sent: bool,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
pub struct ResetPage {
    pub chrome: Chrome,
    pub token: String,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/verify.html")]
pub struct VerifyPage {
    pub chrome: Chrome,
    pub token: String,
    pub email: String,
    /// Opened from the account's own session: confirming needs no password.
    pub own_session: bool,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/signup_closed.html")]
pub struct SignupClosedPage {
    pub chrome: Chrome,
}
