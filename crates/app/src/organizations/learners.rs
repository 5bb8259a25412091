//! The learners an organisation imports (a CSV file, all rows or none) and manages one by one.

use acquis_core::campaign::roster::ImportCounts;
use acquis_core::ids::OrganizationLearnerId;
use acquis_store::{LearnerQuery, NewOrganizationLearner, OrganizationLearnerRecord};

use crate::App;
use crate::organizations::{Membership, OrgError};

impl App {
    /// A page of the organisation's learners, and how many there are in all.
    pub async fn learners_page(
        &self,
        membership: &Membership,
        query: &LearnerQuery<'_>,
    ) -> Result<(Vec<OrganizationLearnerRecord>, i64), OrgError> {
        Ok(self
            .store
            .learners_page(membership.id().get(), query)
            .await?)
    }

    /// Imports learners, every row or none (`Conflict` if another import took a key
    /// meanwhile); rows matching learners already there update them.
    pub async fn import_learners(
        &self,
        membership: &Membership,
        learners: &[NewOrganizationLearner],
    ) -> Result<ImportCounts, OrgError> {
        Ok(self
            .store
            .import_organization_learners(membership.id().get(), learners, self.now())
            .await?)
    }

    /// A learner of the organisation; `NotFound` if it is another's.
    pub async fn learner(
        &self,
        membership: &Membership,
        id: OrganizationLearnerId,
    ) -> Result<OrganizationLearnerRecord, OrgError> {
        self.store
            .organization_learner(membership.id().get(), id.get())
            .await?
            .ok_or(OrgError::NotFound("learner"))
    }

    /// Replaces a learner's values (`Conflict` if its national id is another's).
    pub async fn update_learner(
        &self,
        membership: &Membership,
        id: OrganizationLearnerId,
        learner: &NewOrganizationLearner,
    ) -> Result<(), OrgError> {
        Ok(self
            .store
            .update_organization_learner(membership.id().get(), id.get(), learner)
            .await?)
    }

    /// Deletes a learner of the organisation; `NotFound` if there is none.
    pub async fn delete_learner(
        &self,
        membership: &Membership,
        id: OrganizationLearnerId,
    ) -> Result<(), OrgError> {
        Ok(self
            .store
            .delete_organization_learner(membership.id().get(), id.get())
            .await?)
    }
}
