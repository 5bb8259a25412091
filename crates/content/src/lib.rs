//! The Acquis content format: YAML files and attachments read into `acquis_core` types.
//!
//! `load_dir` reads a content folder (see `docs/content-format.md`), `ContentSource::from_zip`
//! one uploaded as a `.zip`, `bundled` the demo framework embedded in the binary; [`diff`]
//! says what changes between two frameworks. All validate everything and report every problem as
//! `file:line: message` at once; a set with any error yields no framework at all, so nothing
//! half-valid can ever be imported.

mod archive;
mod assemble;
pub mod diff;
mod error;
mod raw;
mod source;
mod summary;

pub use archive::{ARCHIVE, MAX_ARCHIVE_BYTES, MAX_ENTRIES, MAX_RATIO, MAX_TOTAL_BYTES};
pub use diff::FrameworkDiff;
pub use error::{ContentError, ContentErrors};
pub use source::{ContentSource, MAX_FILE_BYTES};
pub use summary::Summary;

use std::collections::BTreeMap;
use std::path::Path;

use acquis_core::Framework;
use sha2::{Digest, Sha256};

static BUNDLED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../content");

/// A validated content set: the framework and the files its challenges and tutorials use.
#[derive(Debug, Clone)]
pub struct LoadedContent {
    /// The indexed framework.
    pub framework: Framework,
    /// Files under `files/`, by path relative to the content folder (`files/1.1/x.csv`).
    pub files: BTreeMap<String, Vec<u8>>,
    /// SHA-256 of every source file (paths and bytes), in hex: identifies the content.
    pub checksum: String,
}

impl LoadedContent {
    /// Counts of what the set holds.
    pub fn summary(&self) -> Summary {
        Summary::of(&self.framework, &self.files)
    }
}

/// Reads and validates the content folder at `dir`.
pub fn load_dir(dir: &Path) -> Result<LoadedContent, ContentErrors> {
    let source = ContentSource::from_dir(dir)?;
    load(&source)
}

/// The demo framework embedded in the binary.
pub fn bundled() -> Result<LoadedContent, ContentErrors> {
    load(&ContentSource::from_embedded(&BUNDLED))
}

/// The starter set: `framework.yaml` and the one tube of the bundled content that exercises
/// every challenge type and option (`competences/1.1/requete-mots-cles.yaml`) with its files.
/// Small and stable, it is what store and web tests run on.
pub fn starter() -> Result<LoadedContent, ContentErrors> {
    load(&starter_source())
}

/// The source files of [`starter`], unvalidated (the fuzzer starts from them).
pub fn starter_source() -> ContentSource {
    const FILES: [&str; 5] = [
        "framework.yaml",
        "competences/1.1/requete-mots-cles.yaml",
        "files/1.1/barre-recherche.svg",
        "files/1.1/resultats-recherche.csv",
        "files/embeds/moteur/index.html",
    ];
    let all = ContentSource::from_embedded(&BUNDLED);
    let picked = FILES.iter().filter_map(|path| {
        all.get(path)
            .map(|bytes| (path.to_string(), bytes.to_vec()))
    });
    ContentSource::from_files(picked)
}

/// Reads and validates a content set already in memory.
pub fn load(source: &ContentSource) -> Result<LoadedContent, ContentErrors> {
    let framework = assemble::assemble(source)?;
    let files = source
        .files()
        .filter(|(path, _)| path.starts_with("files/"))
        .map(|(path, bytes)| (path.to_owned(), bytes.to_vec()))
        .collect();
    Ok(LoadedContent {
        framework,
        files,
        checksum: checksum(source),
    })
}

fn checksum(source: &ContentSource) -> String {
    let mut hasher = Sha256::new();
    for (path, bytes) in source.files() {
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hex::encode(hasher.finalize())
}
