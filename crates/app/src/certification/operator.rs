//! The operator's authority over certification (unfinalise, publish, unpublish, revoke): the
//! operator of [`crate::admin`], whose role must allow `Permission::Certification`.

pub use crate::admin::Operator;

use crate::certification::CertifError;

/// `Ok` if the operator's role covers certification review and publication;
/// `NotAdministrator` (403) otherwise.
pub(crate) fn require_certification(operator: &Operator) -> Result<(), CertifError> {
    operator
        .require(acquis_core::operator::Permission::Certification)
        .map_err(|_| CertifError::NotAdministrator)
}
