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
    /// Media type, from the file's extension (`application/pdf`).
    pub mime: String,
    /// Size in bytes, once known from the release's files ([`PublicChallenge::with_sizes`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// Whether a browser can show it itself (PDF, images, plain text), so a page may offer to
    /// open it in a new tab as well as to download it.
    pub viewable: bool,
}

impl PublicFile {
    fn new(release: i64, path: &str, alt: Option<String>) -> PublicFile {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let viewable = viewable(path);
        PublicFile {
            name: file_name(path),
            url: file_url(release, path),
            alt,
            mime: mime.essence_str().to_owned(),
            size_bytes: None,
            viewable,
        }
    }

    /// A short name of the type for people (`PDF`, `XLSX`…), from the extension.
    pub fn kind_label(&self) -> String {
        match self.name.rsplit_once('.') {
            Some((_, ext)) if !ext.is_empty() => ext.to_uppercase(),
            _ => self.mime.clone(),
        }
    }

    /// The size for people, in `lang` (`12 Ko` / `12 KB`), if known.
    pub fn size_label(&self, lang: crate::i18n::Lang) -> Option<String> {
        self.size_bytes.map(|b| human_size(b, lang))
    }
}

/// Whether a browser shows a file of this name itself (PDF, pictures, plain text, and web
/// pages, which `content_files` serves sandboxed), so it may be opened in a new tab.
pub fn viewable(path: &str) -> bool {
    matches!(
        mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str(),
        "application/pdf"
            | "image/png"
            | "image/jpeg"
            | "image/gif"
            | "image/webp"
            | "image/svg+xml"
            | "text/plain"
            | "text/html"
    )
}

/// A byte count for people: bytes under 1 kB, then kB and MB with one decimal under 10
/// (French units `o`, `Ko`, `Mo`; English `B`, `KB`, `MB`).
pub fn human_size(bytes: u64, lang: crate::i18n::Lang) -> String {
    let (b, k, m) = match lang {
        crate::i18n::Lang::Fr => ("o", "Ko", "Mo"),
        crate::i18n::Lang::En => ("B", "KB", "MB"),
    };
    let one = |v: f64, unit: &str| {
        let text = if v < 10.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        };
        let text = match lang {
            crate::i18n::Lang::Fr => text.replace('.', ","),
            crate::i18n::Lang::En => text,
        };
        format!("{text}\u{a0}{unit}")
    };
    if bytes < 1024 {
        format!("{bytes}\u{a0}{b}")
    } else if bytes < 1024 * 1024 {
        one(bytes as f64 / 1024.0, k)
    } else {
        one(bytes as f64 / (1024.0 * 1024.0), m)
    }
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
    /// The same, with the size of each attachment and of the illustration taken from the
    /// release's files (`LiveContent::files`, keyed by the path after `/content/{release}/`).
    pub fn with_sizes(mut self, files: &std::collections::BTreeMap<String, Vec<u8>>) -> Self {
        let size = |f: &mut PublicFile| {
            let path = f.url.splitn(4, '/').nth(3).unwrap_or_default();
            f.size_bytes = files.get(path).map(|b| b.len() as u64);
        };
        self.attachments.iter_mut().for_each(size);
        if let Some(i) = self.illustration.as_mut() {
            size(i);
        }
        self
    }

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
            illustration: c
                .illustration
                .as_ref()
                .map(|i| PublicFile::new(release, &i.file, Some(i.alt.clone()))),
            attachments: c
                .attachments
                .iter()
                .map(|a| PublicFile::new(release, a, None))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn an_attachment_says_its_type_its_size_and_whether_a_browser_shows_it() {
        let pdf = PublicFile::new(7, "files/1.1/guide.pdf", None);
        assert_eq!(
            (pdf.mime.as_str(), pdf.viewable, pdf.kind_label().as_str()),
            ("application/pdf", true, "PDF")
        );
        let sheet = PublicFile::new(7, "files/1.1/notes.ods", None);
        assert!(!sheet.viewable);
        let mut files = std::collections::BTreeMap::new();
        files.insert("files/1.1/guide.pdf".to_owned(), vec![0u8; 2560]);
        let mut challenge = PublicChallenge {
            id: "c".into(),
            kind: "QCU".into(),
            instruction: String::new(),
            proposals: vec![],
            inputs: vec![],
            illustration: None,
            attachments: vec![pdf],
            embed: None,
            timer: None,
            focused: false,
        };
        challenge = challenge.with_sizes(&files);
        let pdf = &challenge.attachments[0];
        assert_eq!(pdf.size_bytes, Some(2560));
        assert_eq!(pdf.size_label(Lang::Fr).as_deref(), Some("2,5\u{a0}Ko"));
        assert_eq!(pdf.size_label(Lang::En).as_deref(), Some("2.5\u{a0}KB"));
        assert_eq!(human_size(512, Lang::Fr), "512\u{a0}o");
        assert_eq!(human_size(30 * 1024 * 1024, Lang::En), "30\u{a0}MB");
    }
}
