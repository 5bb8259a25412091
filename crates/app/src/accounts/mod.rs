//! Accounts: the secrets an account holds (password hashes, reset and invitation tokens).

pub mod password;
pub mod token;
