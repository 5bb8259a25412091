//! The YAML files as written, before any checking beyond their shape.
//!
//! Every struct denies unknown fields so that a typo is an error rather than a silently
//! dropped value. Nested lists that get their own checking (skills, challenges, tutorials) are
//! kept as raw nodes here and deserialised one item at a time, so one broken challenge does
//! not hide the errors of the others.

use std::collections::BTreeMap;

use marked_yaml::Spanned;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// `framework.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    pub name: String,
    pub version: String,
    pub max_reachable_level: Spanned<u8>,
    pub areas: Vec<RawArea>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    pub code: Spanned<String>,
    pub title: RawLocalized,
    pub competences: Vec<RawCompetence>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompetence {
    pub code: Spanned<String>,
    pub title: RawLocalized,
    pub description: RawLocalized,
}

/// A text by locale; `fr` required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocalized {
    pub fr: String,
    #[serde(default)]
    pub en: Option<String>,
}

/// The head of a tube file; `skills` and `tutorials` are read item by item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTube {
    pub id: Spanned<String>,
    pub competence: Spanned<String>,
    pub thematic: String,
    pub title: String,
    pub description: String,
    #[allow(dead_code)]
    pub skills: IgnoredAny,
    #[allow(dead_code)]
    #[serde(default)]
    pub tutorials: Option<IgnoredAny>,
}

/// A skill; `challenges` is read item by item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSkill {
    pub level: Spanned<u8>,
    pub description: String,
    #[allow(dead_code)]
    pub challenges: IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChallenge {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub status: Spanned<String>,
    pub instruction: String,
    pub explanation: String,
    #[serde(default)]
    pub locales: Option<Vec<String>>,
    #[serde(default)]
    pub illustration: Option<RawIllustration>,
    #[serde(default)]
    pub attachments: Vec<Spanned<String>>,
    #[serde(default)]
    pub embed: Option<RawEmbed>,
    #[serde(default)]
    pub timer: Option<Spanned<u32>>,
    #[serde(default)]
    pub focused: Option<bool>,
    #[serde(default)]
    pub accessible: Option<bool>,
    #[serde(default)]
    pub irt: Option<RawIrt>,
    #[serde(default)]
    pub proposals: Option<Vec<String>>,
    #[serde(default)]
    pub inputs: Option<Vec<RawInput>>,
    pub solution: Spanned<Value>,
    #[serde(default)]
    pub tolerances: Option<Vec<Spanned<String>>>,
    pub samples: RawSamples,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIllustration {
    pub file: Spanned<String>,
    #[serde(default)]
    pub alt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmbed {
    pub file: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub height: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIrt {
    pub a: f64,
    pub b: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    pub key: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub placeholder: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSamples {
    #[serde(default)]
    pub accepted: Vec<Value>,
    #[serde(default)]
    pub rejected: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTutorial {
    pub id: Spanned<String>,
    pub title: String,
    pub format: Spanned<String>,
    pub duration: Spanned<u32>,
    pub skills: Vec<Spanned<u8>>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub locale: Option<String>,
}

/// Any YAML value: every scalar is read as text (the loader does not guess types).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// The value as text if it is a scalar.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}
