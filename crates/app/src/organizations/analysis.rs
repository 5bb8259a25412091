//! What the shared participations of a campaign say, consolidated: mastery of the target
//! (overall, per competence and tube), the distribution by stage, and the same per group
//! (division, group or any imported attribute); for a profiles collection, the sum of the
//! levels per competence. Participations are read page by page, each as its compact results
//! or, when it has none for this target, its JSON snapshot: memory holds one count per target
//! skill and group, never the participants. Nothing here knows of pages: the observatory
//! reads the same figures.

use std::collections::{BTreeMap, BTreeSet};

use acquis_core::Framework;
use acquis_core::campaign::Mastery;
use acquis_store::{AnalysisRecord, CampaignRecord};

use crate::App;
use crate::campaigns::SharedResults;
use crate::organizations::OrgError;
use crate::organizations::profiles::CampaignTarget;

/// Participations read per page (light rows: the compact results and the groups).
const PAGE: i64 = 5_000;

/// How participants are grouped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// Not grouped.
    #[default]
    Nothing,
    /// By the learner's division.
    Division,
    /// By the learner's group.
    Group,
    /// By the value of an imported attribute.
    Attribute(String),
}

/// What one walk through the shared participations of an assessment campaign gathers.
#[derive(Debug)]
pub struct Cohort<'t> {
    /// Everyone's mastery, summed.
    pub all: Mastery<'t>,
    /// Participants per stage reached (empty without stages).
    pub stages: Vec<u32>,
    /// Mastery summed per group, by the group's name.
    pub groups: BTreeMap<String, Mastery<'t>>,
    /// The names of the imported attributes seen.
    pub attributes: BTreeSet<String>,
}

/// The shared profiles of a profiles collection, summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels {
    /// How many profiles.
    pub people: u32,
    /// The sum of the levels, per competence of the framework (in its order).
    pub sums: Vec<u64>,
}

fn groups_of(p: &AnalysisRecord, by: &GroupBy, names: &mut BTreeSet<String>) -> Option<String> {
    let attributes = p
        .attributes
        .as_deref()
        .and_then(|a| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(a).ok());
    if let Some(map) = &attributes {
        for name in map.keys() {
            if !names.contains(name) {
                names.insert(name.clone());
            }
        }
    }
    match by {
        GroupBy::Division => p.division.clone(),
        GroupBy::Group => p.group_name.clone(),
        GroupBy::Nothing => None,
        GroupBy::Attribute(name) => match attributes?.get(name)? {
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        },
    }
}

impl App {
    /// The cohort of the campaign's shared participations on `target`, grouped `by`.
    pub async fn cohort<'t>(
        &self,
        campaign: &CampaignRecord,
        target: &'t CampaignTarget,
        by: &GroupBy,
    ) -> Result<Cohort<'t>, OrgError> {
        let mut cohort = Cohort {
            all: Mastery::empty(&target.skills),
            stages: vec![0; target.stages.as_ref().map_or(0, |s| s.len())],
            groups: BTreeMap::new(),
            attributes: BTreeSet::new(),
        };
        let fingerprint = target.skills.fingerprint();
        let mut after = 0;
        loop {
            let page = self
                .store
                .analysis_page(campaign.id, Some(&fingerprint), after, PAGE)
                .await?;
            for p in &page {
                let mastery = match p
                    .bits
                    .as_deref()
                    .and_then(|b| Mastery::from_bits(&target.skills, b))
                {
                    Some(mastery) => mastery,
                    None => SharedResults::parse(p.results.as_deref()).mastery(&target.skills),
                };
                cohort.all.add(&mastery);
                if let Some(stages) = &target.stages {
                    let reached = stages.reached(&target.skills, mastery.overall());
                    cohort.stages[reached.index] += 1;
                }
                if let Some(group) = groups_of(p, by, &mut cohort.attributes) {
                    match cohort.groups.get_mut(&group) {
                        Some(members) => members.add(&mastery),
                        None => {
                            cohort.groups.insert(group, mastery);
                        }
                    }
                }
            }
            match page.last() {
                Some(last) if page.len() as i64 == PAGE => after = last.id,
                _ => break,
            }
        }
        Ok(cohort)
    }

    /// The levels of a profiles collection's shared profiles, per competence of `framework`.
    pub async fn collected_levels(
        &self,
        campaign: &CampaignRecord,
        framework: &Framework,
    ) -> Result<Levels, OrgError> {
        let codes: Vec<&str> = framework
            .competences()
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        let mut levels = Levels {
            people: 0,
            sums: vec![0u64; codes.len()],
        };
        let mut after = 0;
        loop {
            let rows = self
                .store
                .analysis_page(campaign.id, None, after, PAGE)
                .await?;
            for p in &rows {
                levels.people += 1;
                for score in SharedResults::parse(p.results.as_deref()).competences {
                    if let Some(i) = codes.iter().position(|c| *c == score.competence) {
                        levels.sums[i] += u64::from(score.level);
                    }
                }
            }
            match rows.last() {
                Some(last) if rows.len() as i64 == PAGE => after = last.id,
                _ => break,
            }
        }
        Ok(levels)
    }
}
