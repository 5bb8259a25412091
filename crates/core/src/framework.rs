//! The competence framework: areas > competences > tubes > skills > challenges, and tutorials.
//!
//! A `Framework` is immutable once built. It is built from `FrameworkData` (the plain lists,
//! which is also what is serialised into a content release) and indexes everything by id, so
//! lookups on the hot path are hash lookups, never scans.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::challenge::Challenge;

/// Highest skill level of the framework.
pub const MAX_LEVEL: u8 = 8;

/// A text in several locales; `fr` is always present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LocalizedText(pub BTreeMap<String, String>);

impl LocalizedText {
    /// A French-only text.
    pub fn fr(text: impl Into<String>) -> Self {
        LocalizedText(BTreeMap::from([("fr".to_string(), text.into())]))
    }

    /// The text in `locale`, falling back to French.
    pub fn get(&self, locale: &str) -> &str {
        self.0
            .get(locale)
            .or_else(|| self.0.get("fr"))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A domain (5 in the framework).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// "1".."5".
    pub code: String,
    /// Title.
    pub title: LocalizedText,
}

/// A competence, e.g. "1.1".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competence {
    /// `<area>.<n>`, e.g. "1.1".
    pub code: String,
    /// The area's code.
    pub area: String,
    /// Title.
    pub title: LocalizedText,
    /// One paragraph.
    pub description: LocalizedText,
}

/// A tube (sujet): one concrete theme of a competence, assessed at several levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tube {
    /// "@name".
    pub id: String,
    /// The competence's code.
    pub competence: String,
    /// The thematic (group of tubes) it belongs to.
    pub thematic: String,
    /// Title.
    pub title: String,
    /// What the tube is about.
    pub description: String,
}

/// A skill (acquis): a tube at one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    /// Tube id + level, e.g. "@recherche3".
    pub id: String,
    /// The tube's id.
    pub tube: String,
    /// The competence's code.
    pub competence: String,
    /// 1..8.
    pub level: u8,
    /// What mastering the skill means.
    pub description: String,
}

/// The kind of resource a tutorial is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TutorialFormat {
    /// A short text shipped with the content.
    Text,
    /// A web page.
    Page,
    /// A video.
    Video,
    /// A podcast or recording.
    Audio,
    /// A PDF document.
    Pdf,
    /// An online tool to practise with.
    Tool,
}

/// A resource that helps learn some skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tutorial {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Format.
    pub format: TutorialFormat,
    /// Minutes.
    pub duration_minutes: u32,
    /// Locale of the resource.
    pub locale: String,
    /// A short text shipped with the content (markdown)…
    pub text: Option<String>,
    /// …or a link to a stable public resource.
    pub url: Option<String>,
    /// Skills it helps with.
    pub skills: Vec<String>,
}

/// The plain lists a framework is made of (and serialised as).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkData {
    /// Name shown to administrators.
    pub name: String,
    /// Free version label.
    pub version: String,
    /// Levels above are not awarded.
    pub max_reachable_level: u8,
    /// Areas, in order.
    pub areas: Vec<Area>,
    /// Competences, in order.
    pub competences: Vec<Competence>,
    /// Tubes, grouped by competence.
    pub tubes: Vec<Tube>,
    /// Skills, grouped by tube, by level.
    pub skills: Vec<Skill>,
    /// Challenges.
    pub challenges: Vec<Challenge>,
    /// Tutorials.
    pub tutorials: Vec<Tutorial>,
}

/// A reference that points nowhere, found when building a framework.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    /// Two items of the same kind share an id.
    #[error("duplicate {kind} id {id}")]
    Duplicate {
        /// "area", "competence", …
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// An item refers to a missing one.
    #[error("{kind} {id} refers to unknown {target} {missing}")]
    Dangling {
        /// Kind of the referring item.
        kind: &'static str,
        /// Its id.
        id: String,
        /// Kind of the missing item.
        target: &'static str,
        /// The missing id.
        missing: String,
    },
}

/// An indexed, immutable framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    data: FrameworkData,
    competence_index: HashMap<String, usize>,
    tube_index: HashMap<String, usize>,
    skill_index: HashMap<String, usize>,
    challenge_index: HashMap<String, usize>,
    tutorial_index: HashMap<String, usize>,
    skills_by_tube: HashMap<String, Vec<usize>>,
    challenges_by_skill: HashMap<String, Vec<usize>>,
    tutorials_by_skill: HashMap<String, Vec<usize>>,
    pix_values: HashMap<String, f64>,
}

impl Framework {
    /// Indexes `data`, checking that ids are unique and references resolve.
    pub fn new(data: FrameworkData) -> Result<Self, FrameworkError> {
        let area_index = index("area", data.areas.iter().map(|a| &a.code))?;
        let competence_index = index("competence", data.competences.iter().map(|c| &c.code))?;
        let tube_index = index("tube", data.tubes.iter().map(|t| &t.id))?;
        let skill_index = index("skill", data.skills.iter().map(|s| &s.id))?;
        let challenge_index = index("challenge", data.challenges.iter().map(|c| &c.id))?;
        let tutorial_index = index("tutorial", data.tutorials.iter().map(|t| &t.id))?;

        for c in &data.competences {
            resolve("competence", &c.code, "area", &c.area, &area_index)?;
        }
        for t in &data.tubes {
            resolve(
                "tube",
                &t.id,
                "competence",
                &t.competence,
                &competence_index,
            )?;
        }
        let mut skills_by_tube: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in data.skills.iter().enumerate() {
            resolve("skill", &s.id, "tube", &s.tube, &tube_index)?;
            resolve(
                "skill",
                &s.id,
                "competence",
                &s.competence,
                &competence_index,
            )?;
            skills_by_tube.entry(s.tube.clone()).or_default().push(i);
        }
        for list in skills_by_tube.values_mut() {
            list.sort_by_key(|&i| data.skills[i].level);
        }
        let mut challenges_by_skill: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in data.challenges.iter().enumerate() {
            resolve("challenge", &c.id, "skill", &c.skill, &skill_index)?;
            challenges_by_skill
                .entry(c.skill.clone())
                .or_default()
                .push(i);
        }
        let mut tutorials_by_skill: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in data.tutorials.iter().enumerate() {
            for s in &t.skills {
                resolve("tutorial", &t.id, "skill", s, &skill_index)?;
                tutorials_by_skill.entry(s.clone()).or_default().push(i);
            }
        }
        let pix_values = pix_values(&data, &challenges_by_skill);
        Ok(Framework {
            data,
            competence_index,
            tube_index,
            skill_index,
            challenge_index,
            tutorial_index,
            skills_by_tube,
            challenges_by_skill,
            tutorials_by_skill,
            pix_values,
        })
    }

    /// The plain lists.
    pub fn data(&self) -> &FrameworkData {
        &self.data
    }

    /// Areas in order.
    pub fn areas(&self) -> &[Area] {
        &self.data.areas
    }

    /// Competences in order.
    pub fn competences(&self) -> &[Competence] {
        &self.data.competences
    }

    /// Competences of one area, in order.
    pub fn competences_of<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a Competence> {
        self.data.competences.iter().filter(move |c| c.area == area)
    }

    /// Every tube.
    pub fn tubes(&self) -> &[Tube] {
        &self.data.tubes
    }

    /// Every skill.
    pub fn skills(&self) -> &[Skill] {
        &self.data.skills
    }

    /// Every challenge.
    pub fn challenges(&self) -> &[Challenge] {
        &self.data.challenges
    }

    /// Every tutorial.
    pub fn tutorials(&self) -> &[Tutorial] {
        &self.data.tutorials
    }

    /// A competence by code ("1.1").
    pub fn competence(&self, code: &str) -> Option<&Competence> {
        self.competence_index
            .get(code)
            .map(|&i| &self.data.competences[i])
    }

    /// A tube by id.
    pub fn tube(&self, id: &str) -> Option<&Tube> {
        self.tube_index.get(id).map(|&i| &self.data.tubes[i])
    }

    /// A skill by id.
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skill_index.get(id).map(|&i| &self.data.skills[i])
    }

    /// A challenge by id.
    pub fn challenge(&self, id: &str) -> Option<&Challenge> {
        self.challenge_index
            .get(id)
            .map(|&i| &self.data.challenges[i])
    }

    /// A tutorial by id.
    pub fn tutorial(&self, id: &str) -> Option<&Tutorial> {
        self.tutorial_index
            .get(id)
            .map(|&i| &self.data.tutorials[i])
    }

    /// The skills of a tube, by increasing level.
    pub fn skills_of_tube<'a>(&'a self, tube: &str) -> impl Iterator<Item = &'a Skill> + 'a {
        let idx = self
            .skills_by_tube
            .get(tube)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        idx.iter().map(|&i| &self.data.skills[i])
    }

    /// The tubes of a competence, in order.
    pub fn tubes_of<'a>(&'a self, competence: &'a str) -> impl Iterator<Item = &'a Tube> + 'a {
        self.data
            .tubes
            .iter()
            .filter(move |t| t.competence == competence)
    }

    /// The challenges of a skill (every status).
    pub fn challenges_of<'a>(&'a self, skill: &str) -> impl Iterator<Item = &'a Challenge> + 'a {
        let idx = self
            .challenges_by_skill
            .get(skill)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        idx.iter().map(|&i| &self.data.challenges[i])
    }

    /// The tutorials linked to a skill.
    pub fn tutorials_of<'a>(&'a self, skill: &str) -> impl Iterator<Item = &'a Tutorial> + 'a {
        let idx = self
            .tutorials_by_skill
            .get(skill)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        idx.iter().map(|&i| &self.data.tutorials[i])
    }

    /// The pix a validated skill is worth: `min(4, 8 / n)`, n the validated skills of the same
    /// competence at the same level (0 for a skill with no validated challenge).
    pub fn pix_value(&self, skill: &str) -> f64 {
        self.pix_values.get(skill).copied().unwrap_or(0.0)
    }

    /// Levels above this are not awarded.
    pub fn max_reachable_level(&self) -> u8 {
        self.data.max_reachable_level
    }
}

impl Serialize for Framework {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.data.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Framework {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let data = FrameworkData::deserialize(deserializer)?;
        Framework::new(data).map_err(serde::de::Error::custom)
    }
}

fn index<'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, usize>, FrameworkError> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.insert(id.clone(), i).is_some() {
            return Err(FrameworkError::Duplicate {
                kind,
                id: id.clone(),
            });
        }
    }
    Ok(map)
}

fn resolve(
    kind: &'static str,
    id: &str,
    target: &'static str,
    missing: &str,
    index: &HashMap<String, usize>,
) -> Result<(), FrameworkError> {
    if index.contains_key(missing) {
        Ok(())
    } else {
        Err(FrameworkError::Dangling {
            kind,
            id: id.into(),
            target,
            missing: missing.into(),
        })
    }
}

fn pix_values(
    data: &FrameworkData,
    challenges_by_skill: &HashMap<String, Vec<usize>>,
) -> HashMap<String, f64> {
    let validated = |s: &Skill| {
        challenges_by_skill
            .get(&s.id)
            .is_some_and(|cs| cs.iter().any(|&i| data.challenges[i].is_servable()))
    };
    let mut counts: HashMap<(&str, u8), usize> = HashMap::new();
    for s in data.skills.iter().filter(|s| validated(s)) {
        *counts.entry((&s.competence, s.level)).or_default() += 1;
    }
    data.skills
        .iter()
        .filter(|s| validated(s))
        .map(|s| {
            let n = counts[&(s.competence.as_str(), s.level)] as f64;
            (s.id.clone(), (8.0 / n).min(4.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::{ChallengeStatus, IrtParams, Question};

    fn skill(tube: &str, level: u8) -> Skill {
        Skill {
            id: format!("{tube}{level}"),
            tube: tube.into(),
            competence: "1.1".into(),
            level,
            description: String::new(),
        }
    }

    fn challenge(id: &str, skill: &str, status: ChallengeStatus) -> Challenge {
        Challenge {
            id: id.into(),
            skill: skill.into(),
            status,
            locales: vec!["fr".into()],
            instruction: String::new(),
            explanation: String::new(),
            question: Question::Qcu {
                proposals: vec!["a".into(), "b".into()],
                solution: 1,
            },
            illustration: None,
            attachments: vec![],
            embed: None,
            timer: None,
            focused: false,
            accessible: false,
            irt: IrtParams::default_for_level(1),
        }
    }

    fn sample() -> FrameworkData {
        let tube = |id: &str| Tube {
            id: id.into(),
            competence: "1.1".into(),
            thematic: "t".into(),
            title: id.into(),
            description: String::new(),
        };
        FrameworkData {
            name: "test".into(),
            version: "1".into(),
            max_reachable_level: 6,
            areas: vec![Area {
                code: "1".into(),
                title: LocalizedText::fr("Info"),
            }],
            competences: vec![Competence {
                code: "1.1".into(),
                area: "1".into(),
                title: LocalizedText::fr("Recherche"),
                description: LocalizedText::fr("…"),
            }],
            tubes: vec![tube("@a"), tube("@b"), tube("@c")],
            skills: vec![
                skill("@a", 2),
                skill("@a", 1),
                skill("@b", 1),
                skill("@c", 1),
            ],
            challenges: vec![
                challenge("a1", "@a1", ChallengeStatus::Validated),
                challenge("a2", "@a2", ChallengeStatus::Validated),
                challenge("b1", "@b1", ChallengeStatus::Validated),
                challenge("c1", "@c1", ChallengeStatus::Draft),
            ],
            tutorials: vec![],
        }
    }

    #[test]
    fn pix_value_is_eight_over_the_validated_skills_of_a_level_capped_at_four() {
        let f = Framework::new(sample()).unwrap();
        // Level 1 has @a1 and @b1 validated (@c1 has only a draft): 8 / 2 = 4.
        assert_eq!(f.pix_value("@a1"), 4.0);
        assert_eq!(f.pix_value("@b1"), 4.0);
        // Level 2 has one skill: min(4, 8) = 4.
        assert_eq!(f.pix_value("@a2"), 4.0);
        assert_eq!(f.pix_value("@c1"), 0.0);
    }

    #[test]
    fn pix_value_shrinks_when_many_skills_share_a_level() {
        let mut data = sample();
        for t in ["@d", "@e"] {
            data.tubes.push(Tube {
                id: t.into(),
                ..data.tubes[0].clone()
            });
            data.skills.push(skill(t, 1));
            data.challenges.push(challenge(
                &format!("{t}x"),
                &format!("{t}1"),
                ChallengeStatus::Validated,
            ));
        }
        let f = Framework::new(data).unwrap();
        assert!((f.pix_value("@a1") - 2.0).abs() < 1e-12, "8 / 4 skills");
    }

    #[test]
    fn skills_of_a_tube_come_by_increasing_level() {
        let f = Framework::new(sample()).unwrap();
        let levels: Vec<u8> = f.skills_of_tube("@a").map(|s| s.level).collect();
        assert_eq!(levels, vec![1, 2]);
    }

    #[test]
    fn duplicates_and_dangling_references_are_refused() {
        let mut dup = sample();
        dup.challenges
            .push(challenge("a1", "@a1", ChallengeStatus::Validated));
        assert!(matches!(
            Framework::new(dup),
            Err(FrameworkError::Duplicate {
                kind: "challenge",
                ..
            })
        ));
        let mut dangling = sample();
        dangling
            .challenges
            .push(challenge("z", "@zz9", ChallengeStatus::Validated));
        assert!(matches!(
            Framework::new(dangling),
            Err(FrameworkError::Dangling {
                target: "skill",
                ..
            })
        ));
    }

    #[test]
    fn a_framework_survives_serialisation() {
        let f = Framework::new(sample()).unwrap();
        let json = serde_json::to_string(&f).unwrap();
        let back: Framework = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn localized_text_falls_back_to_french() {
        let t = LocalizedText::fr("Bonjour");
        assert_eq!(t.get("en"), "Bonjour");
    }
}
