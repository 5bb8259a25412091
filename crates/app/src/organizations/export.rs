//! A campaign's results as CSV: one row per participant, read page by page (1,000
//! participants at a time) so the first bytes leave at once and memory does not grow with the
//! campaign. UTF-8 with a BOM and `;` separators, as French spreadsheets expect; cells come
//! from `core`'s layouts, which neutralise formulas. After the names come the organisation
//! learner's division and group, then one column per imported attribute (the attribute names
//! of the campaign's learners, sorted). The portal's download and the API's both serve it.

use std::sync::Arc;

use acquis_core::campaign::{CsvLayout, ParticipantResults, ParticipantRow, ProfilesCsvLayout};
use acquis_store::{CampaignRecord, ParticipantFilter, ParticipantRecord, StoreError};
use futures_util::stream;

use crate::App;
use crate::campaigns::SharedResults;
use crate::organizations::profiles::CampaignTarget;
use crate::organizations::{Membership, OrgError};

/// Participants read per page.
const PAGE: i64 = 1_000;

/// The byte-order mark that tells spreadsheets the file is UTF-8.
const BOM: &str = "\u{feff}";

/// Group columns of every export (the learner's division and group).
const GROUP_LABELS: [&str; 2] = ["Classe", "Groupe"];

/// The columns of one campaign's export: its layout, whose group columns are the division,
/// the group and then `attributes`.
struct Columns {
    layout: Layout,
    attributes: Vec<String>,
}

/// The value of each attribute of `names` in a learner's attributes (JSON object), "" if absent.
fn attribute_values(json: Option<&str>, names: &[String]) -> Vec<String> {
    let values: serde_json::Map<String, serde_json::Value> = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    names
        .iter()
        .map(|name| match values.get(name) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        })
        .collect()
}

impl Columns {
    fn header(&self) -> Vec<String> {
        self.layout.header()
    }

    fn row(&self, p: &ParticipantRecord) -> Vec<String> {
        let mut groups = vec![
            p.division.clone().unwrap_or_default(),
            p.group_name.clone().unwrap_or_default(),
        ];
        groups.extend(attribute_values(p.attributes.as_deref(), &self.attributes));
        self.layout.row(p, &groups)
    }
}

/// The columns of one campaign's export.
enum Layout {
    Assessment(CsvLayout, Box<CampaignTarget>),
    Profiles(ProfilesCsvLayout),
}

impl Layout {
    fn header(&self) -> Vec<String> {
        match self {
            Layout::Assessment(l, _) => l.header(),
            Layout::Profiles(l) => l.header(),
        }
    }

    fn row(&self, p: &ParticipantRecord, groups: &[String]) -> Vec<String> {
        let status = p.participation.status;
        let shared = SharedResults::parse(p.participation.results.as_deref());
        let mut row = ParticipantRow {
            external_id: p.participation.external_id.as_deref(),
            last_name: &p.last_name,
            first_name: &p.first_name,
            groups,
            status,
            started_at: p.participation.created_at.timestamp(),
            shared_at: p.participation.shared_at.map(|t| t.timestamp()),
            results: None,
        };
        match self {
            Layout::Assessment(layout, target) => {
                let mastery = shared.mastery(&target.skills);
                let results =
                    ParticipantResults::new(&mastery, target.stages.as_ref(), &target.badges);
                row.results = Some(&results);
                layout.row(&row)
            }
            Layout::Profiles(layout) => layout.row(&row, &shared.competences),
        }
    }
}

async fn columns(app: &App, campaign: &CampaignRecord) -> Result<Columns, OrgError> {
    let attributes = app.store.campaign_attribute_names(campaign.id).await?;
    let live = app.live();
    let framework = &live.framework;
    let groups: Vec<String> = GROUP_LABELS
        .iter()
        .map(|s| s.to_string())
        .chain(attributes.iter().cloned())
        .collect();
    let label = campaign.external_id_label.as_deref();
    let target = app.campaign_target(campaign, framework).await?;
    let layout = match target {
        Some(target) => {
            let mut layout = CsvLayout::new(framework, &target.skills).with_groups(&groups);
            if let Some(label) = label {
                layout = layout.with_external_id(label);
            }
            if let Some(stages) = &target.stages {
                layout = layout.with_stages(stages);
            }
            let layout = layout.with_badges(&target.badges);
            Layout::Assessment(layout, Box::new(target))
        }
        None => {
            let mut layout = ProfilesCsvLayout::new(framework).with_groups(&groups);
            if let Some(label) = label {
                layout = layout.with_external_id(label);
            }
            Layout::Profiles(layout)
        }
    };
    Ok(Columns { layout, attributes })
}

/// Rows as `;`-separated CSV (quoted where needed), in one buffer.
fn encode(rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, StoreError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::with_capacity(64 * 1024));
    for row in rows {
        writer
            .write_record(&row)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    writer
        .into_inner()
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Where the walk through the campaign stands.
enum Step {
    Header,
    After(i64),
    Done,
}

/// The export's bytes, chunk by chunk: the header, then one chunk per page of participants.
fn chunks(
    store: acquis_store::Store,
    campaign_id: i64,
    layout: Arc<Columns>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, StoreError>> + Send + 'static {
    stream::unfold(Step::Header, move |step| {
        let (store, layout) = (store.clone(), layout.clone());
        async move {
            match step {
                Step::Header => {
                    let chunk = encode([layout.header()]).map(|mut bytes| {
                        bytes.splice(0..0, BOM.bytes());
                        bytes
                    });
                    Some((chunk, Step::After(0)))
                }
                Step::After(after) => {
                    let filter = ParticipantFilter::default();
                    match store
                        .participants_page(campaign_id, &filter, after, PAGE)
                        .await
                    {
                        Err(e) => Some((Err(e), Step::Done)),
                        Ok(page) if page.is_empty() => None,
                        Ok(page) => {
                            let last = page.last().map_or(after, |p| p.participation.id);
                            let next = if (page.len() as i64) < PAGE {
                                Step::Done
                            } else {
                                Step::After(last)
                            };
                            Some((encode(page.iter().map(|p| layout.row(p))), next))
                        }
                    }
                }
                Step::Done => None,
            }
        }
    })
}

/// A campaign's export: its file name and its bytes, chunk by chunk.
pub struct Export {
    /// `campagne-{code}-resultats.csv`.
    pub filename: String,
    /// The header, then one chunk per page of participants; an error ends it.
    pub chunks:
        std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Vec<u8>, OrgError>> + Send>>,
}

impl std::fmt::Debug for Export {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Export")
            .field("filename", &self.filename)
            .finish()
    }
}

impl App {
    /// The CSV export of `campaign_id`, a campaign of the member's organisation.
    pub async fn campaign_export(
        &self,
        membership: &Membership,
        campaign_id: i64,
    ) -> Result<Export, OrgError> {
        use futures_util::StreamExt;
        let campaign = self.campaign_of(membership, campaign_id).await?;
        let layout = Arc::new(columns(self, &campaign).await?);
        let chunks =
            chunks(self.store.clone(), campaign.id, layout).map(|c| c.map_err(OrgError::from));
        Ok(Export {
            filename: format!("campagne-{}-resultats.csv", campaign.code),
            chunks: Box::pin(chunks),
        })
    }
}
