//! The operator's portal under `/admin`: HTTP and HTML only, every rule and every read or
//! write is a use case of `acquis_app::admin`. Every route first obtains an
//! [`OperatorCaller`]: a signed-in person who holds no operator role gets 404 (the portal
//! does not exist for them); the route table declares the permission each route needs
//! (`Access::Operator(..)`), the use case checks it (403 for another role), and the
//! authorisation test walks every route with every role.
//!
//! One module per URL family: `home` (`/admin`), `people` (`/admin/personnes`), `groups`
//! (`/admin/organisations`, `/admin/centres`), `sessions` (`/admin/sessions`, certification
//! review), `content` (`/admin/contenu`), `items` (`/admin/epreuves`), `calibration`
//! (`/admin/calibrage`), `operators` (`/admin/operateurs`), `audit` (`/admin/journal`),
//! `replay` (`/admin/.../pourquoi`).

pub mod audit;
pub mod calibration;
pub mod content;
pub mod groups;
mod guard;
pub mod home;
pub mod items;
pub mod operators;
pub mod people;
pub mod replay;
pub mod sessions;

pub use guard::{AdminNav, OperatorCaller};

use acquis_app::admin::Permission;

use crate::routes::{Access, Routes};

/// The portal's routes.
pub fn routes() -> Routes {
    use Access::Operator as Op;
    use Permission::*;
    Routes::new()
        .get("/admin", Op(Read), home::show)
        .get("/admin/operateurs", Op(Read), operators::list)
        .post("/admin/operateurs", Op(Operators), operators::grant)
        .post(
            "/admin/operateurs/{user}/retirer",
            Op(Operators),
            operators::revoke,
        )
        .get("/admin/personnes", Op(Read), people::search)
        .get("/admin/personnes/{user}", Op(Read), people::show)
        .post(
            "/admin/personnes/{user}/debloquer",
            Op(People),
            people::unlock,
        )
        .post(
            "/admin/personnes/{user}/corriger",
            Op(People),
            people::correct,
        )
        .get(
            "/admin/personnes/{user}/anonymiser",
            Op(People),
            people::confirm_anonymise,
        )
        .post(
            "/admin/personnes/{user}/anonymiser",
            Op(People),
            people::anonymise,
        )
        .get("/admin/journal", Op(Read), audit::list)
        .get("/admin/journal.csv", Op(Read), audit::export)
        .merge(groups::routes())
        .merge(calibration::routes())
        .merge(replay::routes())
        .merge(items::routes())
        .merge(content::routes())
        .merge(sessions::routes())
}
