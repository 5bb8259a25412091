//! The cells of a campaign's results CSV: one header row, one row per participant.
//!
//! The columns, in order: the external id (if the campaign asks for one), last name, first
//! name, one column per group label (division, group, imported attributes), status, start date,
//! sharing date, the mastery rate of the whole target, the stage reached (if the profile has
//! stages), one column per badge, then for each target competence and then each target area
//! its mastery rate, its number of target skills and the number validated.
//!
//! Formats, chosen for French spreadsheets: a rate is a decimal fraction with a comma and two
//! decimals, rounded to the nearest like every displayed rate (`0,75`, `0,67`, `1,00`), so a spreadsheet reads it
//! as a number it can average and format as a percentage; dates are ISO `YYYY-MM-DD` in UTC;
//! yes/no is `Oui`/`Non`; results of a participation not shared yet are `NA` (the organisation
//! may not see them). Every cell goes through [`neutralise`], so a name like `=HYPERLINK(…)`
//! is shown, never run. Writing the rows (`;` separator, UTF-8 BOM, streaming) is the caller's.

use std::borrow::Cow;

use crate::campaign::badges::Badge;
use crate::campaign::mastery::{Count, Mastery};
use crate::campaign::participation::ParticipationStatus;
use crate::campaign::stages::{Stages, stage_number};
use crate::campaign::target::TargetSkills;
use crate::framework::Framework;
use crate::positioning::rules::{DAY, Timestamp};
use crate::scoring::{CompetenceScore, global_score, is_certifiable};

/// What a cell shows for results the organisation may not see yet.
pub const NOT_AVAILABLE: &str = "NA";

/// `cell`, with a leading `'` if it starts like a spreadsheet formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return), so spreadsheets show it as text instead of evaluating it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A rate as a French decimal fraction rounded to the nearest hundredth, as pages show it
/// (`Count::rounded`): `0,75`, `0,67` for 2 / 3, `1,00` only when everything is mastered.
pub fn format_rate(count: Count) -> String {
    let p = count.rounded(100);
    format!("{},{:02}", p / 100, p % 100)
}

/// A timestamp's UTC date, `YYYY-MM-DD`.
pub fn format_date(at: Timestamp) -> String {
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm, proleptic Gregorian).
    let z = at.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn status_label(status: ParticipationStatus) -> &'static str {
    match status {
        ParticipationStatus::Started => "En cours",
        ParticipationStatus::ToShare => "À envoyer",
        ParticipationStatus::Shared => "Envoyé",
    }
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "Oui" } else { "Non" }
}

/// A participant's results as the export shows them, computed once per participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantResults {
    /// Mastery of the whole target.
    pub overall: Count,
    /// Mastery per competence, aligned with [`TargetSkills::competences`].
    pub competences: Vec<Count>,
    /// Mastery per area, aligned with [`TargetSkills::areas`].
    pub areas: Vec<Count>,
    /// Index of the stage reached (see `ReachedStage::index`), if the profile has stages.
    pub stage: Option<usize>,
    /// Whether each badge of the layout is obtained, in the layout's order.
    pub badges: Vec<bool>,
}

impl ParticipantResults {
    /// The results of `mastery` (one learner's) with the profile's stages and badges.
    pub fn new(mastery: &Mastery<'_>, stages: Option<&Stages>, badges: &[Badge]) -> Self {
        let overall = mastery.overall();
        ParticipantResults {
            overall,
            competences: mastery.competences(),
            areas: mastery.areas(),
            stage: stages.map(|s| s.reached(mastery.target(), overall).index),
            badges: badges.iter().map(|b| b.is_obtained(mastery)).collect(),
        }
    }
}

/// One participant's data, as the store reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticipantRow<'a> {
    /// The external id, if the campaign asks for one.
    pub external_id: Option<&'a str>,
    /// Last name.
    pub last_name: &'a str,
    /// First name.
    pub first_name: &'a str,
    /// One value per group label of the layout (empty when unknown).
    pub groups: &'a [String],
    /// Status.
    pub status: ParticipationStatus,
    /// When the participation started.
    pub started_at: Timestamp,
    /// When it was shared.
    pub shared_at: Option<Timestamp>,
    /// The results; shown only when the participation is shared.
    pub results: Option<&'a ParticipantResults>,
}

/// The columns of one campaign's export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvLayout {
    external_id_label: Option<String>,
    group_labels: Vec<String>,
    /// Stage count, if the profile has stages.
    stages: Option<usize>,
    badge_titles: Vec<String>,
    /// (code, title) of each target competence, then of each target area.
    competences: Vec<(String, String)>,
    areas: Vec<(String, String)>,
}

impl CsvLayout {
    /// The columns for `target`'s competences and areas (French titles), with no external id,
    /// groups, stages or badges yet.
    pub fn new(framework: &Framework, target: &TargetSkills) -> Self {
        let title = |found: Option<String>| found.unwrap_or_default();
        CsvLayout {
            external_id_label: None,
            group_labels: Vec::new(),
            stages: None,
            badge_titles: Vec::new(),
            competences: target
                .competences()
                .iter()
                .map(|code| {
                    let t = framework
                        .competence(code)
                        .map(|c| c.title.get("fr").to_string());
                    (code.clone(), title(t))
                })
                .collect(),
            areas: target
                .areas()
                .iter()
                .map(|code| {
                    let t = framework
                        .areas()
                        .iter()
                        .find(|a| a.code == *code)
                        .map(|a| a.title.get("fr").to_string());
                    (code.clone(), title(t))
                })
                .collect(),
        }
    }

    /// Adds the external id column, headed by the campaign's label.
    pub fn with_external_id(mut self, label: &str) -> Self {
        self.external_id_label = Some(label.to_string());
        self
    }

    /// Adds one column per group label ("Classe", "Groupe", imported attributes).
    pub fn with_groups(mut self, labels: &[String]) -> Self {
        self.group_labels = labels.to_vec();
        self
    }

    /// Adds the stage column.
    pub fn with_stages(mut self, stages: &Stages) -> Self {
        self.stages = Some(stages.len());
        self
    }

    /// Adds one column per badge, in the given order.
    pub fn with_badges(mut self, badges: &[Badge]) -> Self {
        self.badge_titles = badges.iter().map(|b| b.title.clone()).collect();
        self
    }

    /// The header row.
    pub fn header(&self) -> Vec<String> {
        let mut cells = identity_header(self.external_id_label.as_deref(), &self.group_labels);
        cells.push("% de maîtrise du profil cible".into());
        if let Some(count) = self.stages {
            cells.push(format!("Palier obtenu (/{count})"));
        }
        cells.extend(
            self.badge_titles
                .iter()
                .map(|t| format!("{t} obtenu (Oui/Non)")),
        );
        for (code, title) in &self.competences {
            cells.push(format!("% de maîtrise de la compétence {code} {title}"));
            cells.push(format!("Acquis du profil cible de la compétence {code}"));
            cells.push(format!("Acquis maîtrisés de la compétence {code}"));
        }
        for (code, title) in &self.areas {
            cells.push(format!("% de maîtrise du domaine {code} {title}"));
            cells.push(format!("Acquis du profil cible du domaine {code}"));
            cells.push(format!("Acquis maîtrisés du domaine {code}"));
        }
        cells.into_iter().map(neutralised).collect()
    }

    /// One participant's row, as many cells as the header. Results show only for a shared
    /// participation; missing values are empty cells.
    pub fn row(&self, p: &ParticipantRow<'_>) -> Vec<String> {
        let mut cells: Vec<String> = Vec::with_capacity(16 + 3 * self.competences.len());
        if self.external_id_label.is_some() {
            cells.push(p.external_id.unwrap_or_default().to_string());
        }
        cells.extend([p.last_name.to_string(), p.first_name.to_string()]);
        cells.extend(
            (0..self.group_labels.len()).map(|i| p.groups.get(i).cloned().unwrap_or_default()),
        );
        cells.extend([
            status_label(p.status).to_string(),
            format_date(p.started_at),
            p.shared_at.map(format_date).unwrap_or_default(),
        ]);
        let results = p.results.filter(|_| p.status.is_shared());
        self.push_results(&mut cells, results);
        cells.into_iter().map(neutralised).collect()
    }

    fn push_results(&self, cells: &mut Vec<String>, results: Option<&ParticipantResults>) {
        let na = || NOT_AVAILABLE.to_string();
        cells.push(results.map_or_else(na, |r| format_rate(r.overall)));
        if self.stages.is_some() {
            cells.push(
                results
                    .and_then(|r| r.stage)
                    .map_or_else(na, |s| stage_number(s).to_string()),
            );
        }
        for i in 0..self.badge_titles.len() {
            let obtained = results.map(|r| r.badges.get(i).copied().unwrap_or(false));
            cells.push(obtained.map_or_else(na, |o| yes_no(o).to_string()));
        }
        let groups = [
            (self.competences.len(), results.map(|r| &r.competences)),
            (self.areas.len(), results.map(|r| &r.areas)),
        ];
        for (len, counts) in groups {
            for i in 0..len {
                match counts.and_then(|c| c.get(i)) {
                    Some(&c) => {
                        cells.extend([format_rate(c), c.total.to_string(), c.validated.to_string()])
                    }
                    None => cells.extend([na(), na(), na()]),
                }
            }
        }
    }
}

/// The columns every export starts with: external id, names, groups, status and dates.
fn identity_header(external_id_label: Option<&str>, group_labels: &[String]) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    cells.extend(external_id_label.map(str::to_string));
    cells.extend(["Nom".into(), "Prénom".into()]);
    cells.extend(group_labels.iter().cloned());
    cells.extend([
        "Statut".into(),
        "Date de début".into(),
        "Date d'envoi".into(),
    ]);
    cells
}

fn identity_row(external_id: bool, groups: usize, p: &ParticipantRow<'_>) -> Vec<String> {
    let mut cells: Vec<String> = Vec::with_capacity(64);
    if external_id {
        cells.push(p.external_id.unwrap_or_default().to_string());
    }
    cells.extend([p.last_name.to_string(), p.first_name.to_string()]);
    cells.extend((0..groups).map(|i| p.groups.get(i).cloned().unwrap_or_default()));
    cells.extend([
        status_label(p.status).to_string(),
        format_date(p.started_at),
        p.shared_at.map(format_date).unwrap_or_default(),
    ]);
    cells
}

/// The columns of a profiles collection's export: the identity columns of [`CsvLayout`], then
/// whether the learner is certifiable, the number of competences at level 1 or more, the
/// global pix score, and for each competence of the framework its level and pix. The
/// `results` of a [`ParticipantRow`] are ignored here: the profile comes as scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfilesCsvLayout {
    external_id_label: Option<String>,
    group_labels: Vec<String>,
    competences: Vec<(String, String)>,
}

impl ProfilesCsvLayout {
    /// The columns for every competence of `framework`.
    pub fn new(framework: &Framework) -> Self {
        ProfilesCsvLayout {
            external_id_label: None,
            group_labels: Vec::new(),
            competences: framework
                .competences()
                .iter()
                .map(|c| (c.code.clone(), c.title.get("fr").to_string()))
                .collect(),
        }
    }

    /// Adds the external id column, headed by the campaign's label.
    pub fn with_external_id(mut self, label: &str) -> Self {
        self.external_id_label = Some(label.to_string());
        self
    }

    /// Adds one column per group label.
    pub fn with_groups(mut self, labels: &[String]) -> Self {
        self.group_labels = labels.to_vec();
        self
    }

    /// The header row.
    pub fn header(&self) -> Vec<String> {
        let mut cells = identity_header(self.external_id_label.as_deref(), &self.group_labels);
        cells.extend([
            "Certifiable (Oui/Non)".into(),
            "Nombre de compétences certifiables".into(),
            "Nombre de pix total".into(),
        ]);
        for (code, title) in &self.competences {
            cells.push(format!("Niveau pour la compétence {code} {title}"));
            cells.push(format!("Nombre de pix pour la compétence {code}"));
        }
        cells.into_iter().map(neutralised).collect()
    }

    /// One participant's row from the shared profile's `scores` (as
    /// `scoring::competence_scores` gives them); the profile shows only once shared.
    pub fn row(&self, p: &ParticipantRow<'_>, scores: &[CompetenceScore]) -> Vec<String> {
        let mut cells = identity_row(self.external_id_label.is_some(), self.group_labels.len(), p);
        let shown = p.status.is_shared();
        let na = || NOT_AVAILABLE.to_string();
        let show = |value: String| if shown { value } else { na() };
        let at_level_1 = scores.iter().filter(|s| s.level >= 1).count();
        cells.extend([
            show(yes_no(is_certifiable(scores)).to_string()),
            show(at_level_1.to_string()),
            show(global_score(scores).to_string()),
        ]);
        for (code, _) in &self.competences {
            match scores.iter().find(|s| s.competence == *code) {
                Some(s) if shown => cells.extend([s.level.to_string(), s.pix.to_string()]),
                Some(_) => cells.extend([na(), na()]),
                None => cells.extend([show("0".into()), show("0".into())]),
            }
        }
        cells.into_iter().map(neutralised).collect()
    }
}

fn neutralised(cell: String) -> String {
    match neutralise(&cell) {
        Cow::Borrowed(_) => cell,
        Cow::Owned(safe) => safe,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::campaign::badges::Criterion;
    use crate::campaign::fixture::{T0, framework, tube, validated};
    use crate::campaign::mastery::Percent;
    use crate::campaign::stages::{Stage, StageThreshold};
    use crate::campaign::target::TargetProfile;

    #[test]
    fn a_cell_starting_with_equals_is_neutralised() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
    }

    #[test]
    fn every_formula_opener_is_neutralised() {
        for cell in ["+33 6", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(neutralise(cell).starts_with('\''), "{cell:?}");
        }
    }

    #[test]
    fn an_ordinary_cell_is_left_alone() {
        assert!(matches!(neutralise("Dupont"), Cow::Borrowed("Dupont")));
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn a_rate_is_a_french_decimal_rounded_to_the_nearest() {
        assert_eq!(format_rate(Count::new(3, 4)), "0,75");
        assert_eq!(format_rate(Count::new(1, 20)), "0,05");
        assert_eq!(format_rate(Count::new(2, 3)), "0,67");
        assert_eq!(format_rate(Count::new(199, 200)), "0,99");
        assert_eq!(format_rate(Count::new(4, 4)), "1,00");
        assert_eq!(format_rate(Count::default()), "0,00");
    }

    #[test]
    fn a_date_is_iso_in_utc() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(1_700_000_000), "2023-11-14");
        assert_eq!(format_date(951_782_400), "2000-02-29");
        assert_eq!(format_date(-1), "1969-12-31");
    }

    struct Campaign {
        target: TargetSkills,
        stages: Stages,
        badges: Vec<Badge>,
        layout: CsvLayout,
    }

    fn campaign() -> Campaign {
        let f = framework();
        let target = TargetProfile::new(vec![tube("@c0t1", 2), tube("@c1t1", 2)]).resolve(&f);
        let stage = |p, title: &str| Stage {
            threshold: StageThreshold::Percent(Percent::new(p).unwrap()),
            title: title.into(),
            message: String::new(),
            prescriber_title: String::new(),
            prescriber_message: String::new(),
        };
        let stages = Stages::new(vec![stage(0, "Départ"), stage(50, "Moitié")]).unwrap();
        let badges = vec![Badge {
            key: "B".into(),
            title: "=Expert".into(),
            message: String::new(),
            image_url: String::new(),
            alt_message: String::new(),
            criteria: vec![Criterion::Campaign {
                threshold: Percent::new(75).unwrap(),
            }],
        }];
        let layout = CsvLayout::new(&f, &target)
            .with_external_id("Numéro étudiant")
            .with_groups(&["Classe".to_string()])
            .with_stages(&stages)
            .with_badges(&badges);
        Campaign {
            target,
            stages,
            badges,
            layout,
        }
    }

    #[test]
    fn the_header_names_the_target_competences_areas_stages_and_badges() {
        let c = campaign();
        let header = c.layout.header();
        assert_eq!(
            header[..9],
            [
                "Numéro étudiant",
                "Nom",
                "Prénom",
                "Classe",
                "Statut",
                "Date de début",
                "Date d'envoi",
                "% de maîtrise du profil cible",
                "Palier obtenu (/2)",
            ]
        );
        assert_eq!(
            header[9], "'=Expert obtenu (Oui/Non)",
            "badge titles are neutralised too"
        );
        assert_eq!(
            header[10],
            "% de maîtrise de la compétence 1.1 Compétence 1.1"
        );
        assert_eq!(header[16], "% de maîtrise du domaine 1 Domaine 1");
        assert_eq!(header.len(), 10 + 2 * 3 + 2 * 3);
    }

    #[test]
    fn a_shared_participation_shows_its_results() {
        let c = campaign();
        let mastery = Mastery::of(&c.target, &validated(&["@c0t11", "@c0t12", "@c1t11"]));
        let results = ParticipantResults::new(&mastery, Some(&c.stages), &c.badges);
        let groups = ["6e B".to_string()];
        let row = c.layout.row(&ParticipantRow {
            external_id: Some("=1+1"),
            last_name: "Dupont",
            first_name: "Léa",
            groups: &groups,
            status: ParticipationStatus::Shared,
            started_at: T0,
            shared_at: Some(T0 + DAY),
            results: Some(&results),
        });
        assert_eq!(row.len(), c.layout.header().len());
        assert_eq!(
            row[..10],
            [
                "'=1+1",
                "Dupont",
                "Léa",
                "6e B",
                "Envoyé",
                "2023-11-14",
                "2023-11-15",
                "0,75",
                "2",
                "Oui"
            ]
        );
        assert_eq!(row[10..16], ["1,00", "2", "2", "0,50", "2", "1"]);
    }

    #[test]
    fn results_of_an_unshared_participation_are_not_shown() {
        let c = campaign();
        let mastery = Mastery::of(&c.target, &validated(&["@c0t11"]));
        let results = ParticipantResults::new(&mastery, Some(&c.stages), &c.badges);
        let row = c.layout.row(&ParticipantRow {
            external_id: None,
            last_name: "Martin",
            first_name: "Noé",
            groups: &[],
            status: ParticipationStatus::ToShare,
            started_at: T0,
            shared_at: None,
            results: Some(&results),
        });
        assert_eq!(row.len(), c.layout.header().len());
        assert_eq!(
            row[..7],
            ["", "Martin", "Noé", "", "À envoyer", "2023-11-14", ""]
        );
        assert!(row[7..].iter().all(|cell| cell == NOT_AVAILABLE));
    }

    #[test]
    fn a_profiles_collection_row_shows_levels_and_pix_once_shared() {
        let f = framework();
        let layout = ProfilesCsvLayout::new(&f);
        let header = layout.header();
        assert_eq!(
            header[5..8],
            [
                "Certifiable (Oui/Non)",
                "Nombre de compétences certifiables",
                "Nombre de pix total"
            ]
        );
        assert_eq!(header[8], "Niveau pour la compétence 1.1 Compétence 1.1");
        let scores = [CompetenceScore {
            competence: "1.1".into(),
            pix: 17,
            level: 2,
        }];
        let mut p = ParticipantRow {
            external_id: None,
            last_name: "Petit",
            first_name: "Ana",
            groups: &[],
            status: ParticipationStatus::Shared,
            started_at: T0,
            shared_at: Some(T0),
            results: None,
        };
        let row = layout.row(&p, &scores);
        assert_eq!(row.len(), header.len());
        assert_eq!(row[5..], ["Non", "1", "17", "2", "17", "0", "0"]);
        p.status = ParticipationStatus::Started;
        assert!(
            layout.row(&p, &scores)[5..]
                .iter()
                .all(|c| c == NOT_AVAILABLE)
        );
    }

    proptest! {
        #[test]
        fn a_neutralised_cell_never_starts_a_formula(cell in ".*") {
            let safe = neutralise(&cell);
            prop_assert!(!safe.starts_with(['=', '+', '-', '@', '\t', '\r']));
            prop_assert!(safe.ends_with(cell.as_str()));
        }
    }
}
