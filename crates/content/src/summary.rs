//! Counts of what a content set holds, for `acquis content check` (text and `--json`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use acquis_core::{ChallengeStatus, Framework, Question};
use serde::Serialize;

/// What a content set holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Areas.
    pub areas: usize,
    /// Competences.
    pub competences: usize,
    /// Tubes.
    pub tubes: usize,
    /// Skills.
    pub skills: usize,
    /// Skills per level ("1".."8").
    pub skills_by_level: BTreeMap<String, usize>,
    /// Challenges (every status).
    pub challenges: usize,
    /// Challenges per type.
    pub challenges_by_type: BTreeMap<String, usize>,
    /// Challenges per status.
    pub challenges_by_status: BTreeMap<String, usize>,
    /// Challenges with at least one attachment.
    pub attachments: usize,
    /// Distinct attachment files.
    pub attachment_files: usize,
    /// Challenges with an embedded simulator.
    pub embeds: usize,
    /// Distinct simulators.
    pub embed_files: usize,
    /// Challenges with an illustration.
    pub illustrations: usize,
    /// Timed challenges.
    pub timed: usize,
    /// Focused challenges.
    pub focused: usize,
    /// Challenges marked accessible (served to candidates who need an adjustment).
    pub accessible: usize,
    /// Tutorials.
    pub tutorials: usize,
    /// Files under `files/`.
    pub files: usize,
}

impl Summary {
    /// Counts `framework` and its `files`.
    pub fn of(framework: &Framework, files: &BTreeMap<String, Vec<u8>>) -> Self {
        let challenges = framework.challenges();
        let mut skills_by_level = BTreeMap::new();
        for s in framework.skills() {
            *skills_by_level.entry(s.level.to_string()).or_insert(0) += 1;
        }
        let mut by_type: BTreeMap<String, usize> =
            Question::KINDS.iter().map(|k| (k.to_string(), 0)).collect();
        let mut by_status: BTreeMap<String, usize> = ChallengeStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), 0))
            .collect();
        for c in challenges {
            *by_type.entry(c.question.kind().to_string()).or_insert(0) += 1;
            *by_status.entry(c.status.as_str().to_string()).or_insert(0) += 1;
        }
        let attachment_files: BTreeSet<&str> = challenges
            .iter()
            .flat_map(|c| c.attachments.iter().map(String::as_str))
            .collect();
        let embed_files: BTreeSet<&str> = challenges
            .iter()
            .filter_map(|c| c.embed.as_ref().map(|e| e.file.as_str()))
            .collect();
        Summary {
            areas: framework.areas().len(),
            competences: framework.competences().len(),
            tubes: framework.tubes().len(),
            skills: framework.skills().len(),
            skills_by_level,
            challenges: challenges.len(),
            challenges_by_type: by_type,
            challenges_by_status: by_status,
            attachments: challenges
                .iter()
                .filter(|c| !c.attachments.is_empty())
                .count(),
            attachment_files: attachment_files.len(),
            embeds: challenges.iter().filter(|c| c.embed.is_some()).count(),
            embed_files: embed_files.len(),
            illustrations: challenges
                .iter()
                .filter(|c| c.illustration.is_some())
                .count(),
            timed: challenges.iter().filter(|c| c.timer.is_some()).count(),
            focused: challenges.iter().filter(|c| c.focused).count(),
            accessible: challenges.iter().filter(|c| c.accessible).count(),
            tutorials: framework.tutorials().len(),
            files: files.len(),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(f, "areas        {}", self.areas)?;
        writeln!(f, "competences  {}", self.competences)?;
        writeln!(f, "tubes        {}", self.tubes)?;
        writeln!(
            f,
            "skills       {} (by level: {})",
            self.skills,
            join(&self.skills_by_level)
        )?;
        writeln!(f, "challenges   {}", self.challenges)?;
        writeln!(f, "  by type    {}", join(&self.challenges_by_type))?;
        writeln!(f, "  by status  {}", join(&self.challenges_by_status))?;
        writeln!(
            f,
            "attachments  {} challenges, {} files",
            self.attachments, self.attachment_files
        )?;
        writeln!(
            f,
            "embeds       {} challenges, {} simulators",
            self.embeds, self.embed_files
        )?;
        writeln!(f, "illustrated  {}", self.illustrations)?;
        writeln!(f, "timed        {}", self.timed)?;
        writeln!(f, "focused      {}", self.focused)?;
        writeln!(f, "accessible   {}", self.accessible)?;
        write!(f, "tutorials    {}", self.tutorials)
    }
}
