//! Accounts, shared by the portal and the API: sign-up, sign-in with lockout, password reset,
//! email and password changes, API tokens, portal sessions, the personal data export and the
//! deletion (anonymisation); and the secrets an account holds (password hashes, reset and
//! invitation tokens).

pub mod api_tokens;
pub mod export;
pub mod password;
pub mod profile;
pub mod reset;
pub mod sessions;
pub mod sign_in;
pub mod sign_up;
pub mod token;

pub use reset::{RESET_HOURS, ResetError, request_reset, reset_password, reset_token_valid};
pub use sign_in::{Lock, SignInError, active_user, check_password, sign_in, unlock};
pub use sign_up::{SignUp, SignUpError, parse_name, sign_up, sign_up_problems};

/// The account as the pages render it (records are data).
pub use acquis_store::UserRecord;
