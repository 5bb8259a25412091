//! Password hashes for the web layer: the use-case layer's (`acquis_app::accounts::password`,
//! computed on its dedicated pool), re-exported where the handlers look for them.

pub use acquis_app::accounts::password::{DUMMY_HASH, hash, verify};
