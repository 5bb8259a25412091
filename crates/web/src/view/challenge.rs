//! A challenge as shown before it is answered: instruction, proposals, inputs, files — and
//! never its solution, which `PublicChallenge` has no field for.

use acquis_core::{Challenge, InputFormat};
use serde::Serialize;
use utoipa::ToSchema;

/// The public part of a challenge.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicChallenge {
    /// Id, to send back with the answer.
    pub id: String,
    /// `qcu`, `qcm`, `qroc`, `qrocm-ind` or `qrocm-dep`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What to do (markdown).
    pub instruction: String,
    /// Choices of a QCU/QCM, numbered from 1 in this order.
    pub proposals: Vec<String>,
    /// Inputs of a QROC/QROCM.
    pub inputs: Vec<PublicInput>,
    /// A picture with its text alternative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub illustration: Option<PublicFile>,
    /// Files to download.
    pub attachments: Vec<PublicFile>,
    /// An interactive simulator to embed in a sandboxed frame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embed: Option<PublicEmbed>,
    /// Seconds allowed, if timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<u32>,
    /// Leaving the page is recorded and fails the answer.
    pub focused: bool,
}

/// An input.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicInput {
    /// Key in the answer object.
    pub key: String,
    /// Accessible label.
    pub label: String,
    /// `text`, `number` or `select`.
    pub format: &'static str,
    /// Choices of a select.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
}

/// A file of the release.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicFile {
    /// File name.
    pub name: String,
    /// URL path to fetch it.
    pub url: String,
    /// Text alternative (illustrations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

/// An embedded simulator.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicEmbed {
    /// URL path of its page.
    pub url: String,
    /// Accessible title of the frame.
    pub title: String,
    /// Height in CSS pixels.
    pub height: u32,
}

/// The URL path of a file of a release.
pub fn file_url(release: i64, path: &str) -> String {
    format!("/content/{release}/{path}")
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

impl PublicChallenge {
    /// The public part of `c`, with file URLs in release `release`.
    pub fn of(c: &Challenge, release: i64) -> PublicChallenge {
        PublicChallenge {
            id: c.id.clone(),
            kind: c.question.kind().to_owned(),
            instruction: c.instruction.clone(),
            proposals: c.question.proposals().to_vec(),
            inputs: c
                .question
                .inputs()
                .iter()
                .map(|i| PublicInput {
                    key: i.key.clone(),
                    label: i.label.clone(),
                    format: match i.format {
                        InputFormat::Text => "text",
                        InputFormat::Number => "number",
                        InputFormat::Select => "select",
                    },
                    options: i.options.clone(),
                    placeholder: i.placeholder.clone(),
                })
                .collect(),
            illustration: c.illustration.as_ref().map(|i| PublicFile {
                name: file_name(&i.file),
                url: file_url(release, &i.file),
                alt: Some(i.alt.clone()),
            }),
            attachments: c
                .attachments
                .iter()
                .map(|a| PublicFile {
                    name: file_name(a),
                    url: file_url(release, a),
                    alt: None,
                })
                .collect(),
            embed: c.embed.as_ref().map(|e| PublicEmbed {
                url: file_url(release, &e.file),
                title: e.title.clone(),
                height: e.height,
            }),
            timer: c.timer,
            focused: c.focused,
        }
    }
}
