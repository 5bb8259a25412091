//! Where content comes from: a folder on disk or the copy embedded in the binary. Both are
//! read whole into memory first (a content set is a few megabytes), so validation never
//! touches the file system halfway.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{ContentError, ContentErrors};

/// Largest file accepted in a content set.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// The files of a content set by path relative to its root (with `/` separators).
#[derive(Debug, Clone, Default)]
pub struct ContentSource {
    files: BTreeMap<String, Vec<u8>>,
}

impl ContentSource {
    /// Builds a source from in-memory files (used by tests and importers).
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Self {
        ContentSource {
            files: files.into_iter().collect(),
        }
    }

    /// Reads every file under `dir`, skipping hidden ones.
    pub fn from_dir(dir: &Path) -> Result<Self, ContentErrors> {
        let root = dir.display().to_string();
        if !dir.join("framework.yaml").is_file() {
            return Err(ContentErrors::one(ContentError::at(
                &root,
                None,
                "not a content folder: framework.yaml is missing",
            )));
        }
        let mut files = BTreeMap::new();
        let mut errors = Vec::new();
        walk(dir, "", &mut files, &mut errors);
        if errors.is_empty() {
            Ok(ContentSource { files })
        } else {
            Err(ContentErrors(errors))
        }
    }

    /// Reads the copy embedded in the binary.
    pub fn from_embedded(dir: &include_dir::Dir<'static>) -> Self {
        let mut files = BTreeMap::new();
        collect_embedded(dir, &mut files);
        ContentSource { files }
    }

    /// Every file, by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// One file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
}

fn walk(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
    errors: &mut Vec<ContentError>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(ContentError::at(
                &dir.display().to_string(),
                None,
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        if path.is_dir() {
            walk(&path, &rel, files, errors);
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() > MAX_FILE_BYTES => errors.push(ContentError::at(
                &rel,
                None,
                format!(
                    "file too large ({} bytes, at most {MAX_FILE_BYTES})",
                    bytes.len()
                ),
            )),
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => errors.push(ContentError::at(
                &rel,
                None,
                format!("cannot read file: {e}"),
            )),
        }
    }
}

fn collect_embedded(dir: &include_dir::Dir<'static>, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if !path.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            files.insert(path, file.contents().to_vec());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
