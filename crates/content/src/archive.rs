//! A content folder uploaded as a `.zip` (the operator's portal): read whole into a
//! [`ContentSource`], defensively. The archive is untrusted: its size, its number of entries,
//! every file's size (declared and actually inflated, read through a bounded `take`), the total
//! and the compression ratio are limited (zip bombs), and every path must stay inside the
//! folder (no absolute path, no `..`, no symbolic link, no NUL). Nothing is ever written to
//! disk. People zip the folder itself, so a single top-level folder holding everything is
//! stripped; hidden files and macOS's `__MACOSX/` are skipped, as [`ContentSource::from_dir`]
//! skips hidden files.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use crate::error::{ContentError, ContentErrors};
use crate::source::{ContentSource, MAX_FILE_BYTES};

/// Largest archive accepted, in bytes.
pub const MAX_ARCHIVE_BYTES: usize = 50 * 1024 * 1024;

/// Most entries (files and folders) an archive may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// Largest total of the inflated files, in bytes.
pub const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;

/// Highest ratio of a file's inflated size to its compressed size (past a small size): text
/// compresses ten times at most in practice, a zip bomb a thousand times.
pub const MAX_RATIO: u64 = 200;

/// Files smaller than this escape the ratio guard (tiny files compress oddly).
const RATIO_FLOOR: u64 = 64 * 1024;

/// The name errors about the archive as a whole carry.
pub const ARCHIVE: &str = "archive.zip";

fn archive_error(message: impl Into<String>) -> ContentErrors {
    ContentErrors::one(ContentError::at(ARCHIVE, None, message))
}

/// What to do with one entry's name.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// A file to read, at this relative path.
    File(String),
    /// A folder, a hidden file or macOS metadata: nothing to read.
    Skip,
}

/// Checks an entry's raw name: a relative path inside the folder, `/`-separated.
fn check_name(raw: &[u8]) -> Result<Entry, String> {
    if raw.contains(&0) {
        return Err("the path holds a NUL byte".into());
    }
    let name = std::str::from_utf8(raw).map_err(|_| "the path is not UTF-8".to_string())?;
    let name = name.replace('\\', "/");
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        return Err("absolute paths are not accepted".into());
    }
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    if parts.contains(&"..") {
        return Err("the path leaves the folder (..)".into());
    }
    if parts.is_empty()
        || name.ends_with('/')
        || parts[0] == "__MACOSX"
        || parts.iter().any(|p| p.starts_with('.'))
    {
        return Ok(Entry::Skip);
    }
    Ok(Entry::File(parts.join("/")))
}

impl ContentSource {
    /// Reads a content folder uploaded as a `.zip` archive (see the module's documentation):
    /// every problem is an error named `archive.zip: …` or `path: …`, all reported at once.
    pub fn from_zip(bytes: &[u8]) -> Result<Self, ContentErrors> {
        read_zip(bytes)
    }
}

/// Reads every file of the archive, or says everything that is wrong with it.
fn read_zip(bytes: &[u8]) -> Result<ContentSource, ContentErrors> {
    if bytes.len() > MAX_ARCHIVE_BYTES {
        return Err(archive_error(format!(
            "archive too large ({} bytes, at most {MAX_ARCHIVE_BYTES})",
            bytes.len()
        )));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| archive_error(format!("not a readable zip archive: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(archive_error(format!(
            "too many entries ({}, at most {MAX_ENTRIES})",
            zip.len()
        )));
    }
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let mut file = match zip.by_index(index) {
            Ok(file) => file,
            Err(e) => {
                errors.push(ContentError::at(
                    ARCHIVE,
                    None,
                    format!("entry {index} cannot be read: {e}"),
                ));
                continue;
            }
        };
        let shown = String::from_utf8_lossy(file.name_raw()).replace('\0', "\u{fffd}");
        let path = match check_name(file.name_raw()) {
            Ok(Entry::Skip) => continue,
            Ok(Entry::File(path)) => path,
            Err(message) => {
                errors.push(ContentError::at(&shown, None, message));
                continue;
            }
        };
        if file.enclosed_name().is_none() {
            errors.push(ContentError::at(&shown, None, "the path leaves the folder"));
            continue;
        }
        if file.is_symlink() {
            errors.push(ContentError::at(
                &path,
                None,
                "symbolic links are not accepted",
            ));
            continue;
        }
        if file.is_dir() {
            continue;
        }
        if file.encrypted() {
            errors.push(ContentError::at(
                &path,
                None,
                "encrypted files are not accepted",
            ));
            continue;
        }
        let declared = file.size();
        if declared > MAX_FILE_BYTES as u64 {
            errors.push(too_large(&path, declared));
            continue;
        }
        if declared > RATIO_FLOOR && declared / file.compressed_size().max(1) > MAX_RATIO {
            errors.push(ContentError::at(
                &path,
                None,
                format!("compressed too much (more than {MAX_RATIO} times): refused as a zip bomb"),
            ));
            continue;
        }
        let mut content = Vec::with_capacity(declared as usize);
        let read = (&mut file)
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut content);
        if let Err(e) = read {
            errors.push(ContentError::at(
                &path,
                None,
                format!("cannot be inflated: {e}"),
            ));
            continue;
        }
        if content.len() > MAX_FILE_BYTES {
            errors.push(too_large(&path, content.len() as u64));
            continue;
        }
        total += content.len() as u64;
        if total > MAX_TOTAL_BYTES {
            errors.push(ContentError::at(
                ARCHIVE,
                None,
                format!("the files add up to more than {MAX_TOTAL_BYTES} bytes"),
            ));
            break;
        }
        if files.insert(path.clone(), content).is_some() {
            errors.push(ContentError::at(
                &path,
                None,
                "the archive holds this path twice",
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(ContentErrors(errors));
    }
    let files = strip_single_folder(files);
    if !files.contains_key("framework.yaml") {
        return Err(archive_error(
            "not a content folder: framework.yaml is missing (at the top of the archive or of its one folder)",
        ));
    }
    Ok(ContentSource::from_files(files))
}

fn too_large(path: &str, bytes: u64) -> ContentError {
    ContentError::at(
        path,
        None,
        format!("file too large ({bytes} bytes, at most {MAX_FILE_BYTES})"),
    )
}

/// `acquis/framework.yaml`, `acquis/competences/…` → `framework.yaml`, `competences/…`: when
/// every file is under one folder and none is at the top, that folder is the content folder.
fn strip_single_folder(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut tops = files.keys().map(|p| p.split_once('/').map(|(top, _)| top));
    let Some(Some(first)) = tops.next() else {
        return files;
    };
    let first = first.to_owned();
    if !tops.all(|t| t == Some(first.as_str())) || files.contains_key("framework.yaml") {
        return files;
    }
    let prefix = format!("{first}/");
    files
        .into_iter()
        .map(|(path, bytes)| (path[prefix.len()..].to_owned(), bytes))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn messages(result: Result<ContentSource, ContentErrors>) -> String {
        match result {
            Ok(_) => panic!("the archive should be refused"),
            Err(e) => e.to_string(),
        }
    }

    fn starter_entries(prefix: &str) -> Vec<(String, Vec<u8>)> {
        crate::starter_source()
            .files()
            .map(|(p, b)| (format!("{prefix}{p}"), b.to_vec()))
            .collect()
    }

    fn zip_owned(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
        let borrowed: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        zip_of(&borrowed)
    }

    #[test]
    fn a_zipped_content_folder_reads_as_the_folder_itself() {
        let bytes = zip_owned(&starter_entries(""));
        let source = ContentSource::from_zip(&bytes).unwrap();
        let loaded = crate::load(&source).unwrap();
        assert_eq!(loaded.checksum, crate::starter().unwrap().checksum);
    }

    #[test]
    fn a_folder_zipped_with_its_name_is_stripped_and_hidden_files_are_skipped() {
        let mut entries = starter_entries("contenu/");
        entries.push(("contenu/.DS_Store".into(), b"junk".to_vec()));
        entries.push(("__MACOSX/contenu/._framework.yaml".into(), b"junk".to_vec()));
        let source = ContentSource::from_zip(&zip_owned(&entries)).unwrap();
        assert!(source.get("framework.yaml").is_some());
        assert!(source.files().all(|(p, _)| !p.starts_with("contenu/")));
        assert_eq!(
            crate::load(&source).unwrap().checksum,
            crate::starter().unwrap().checksum
        );
    }

    #[test]
    fn zip_slip_is_refused() {
        let mut entries = starter_entries("");
        entries.push(("../evil.yaml".into(), b"x: 1".to_vec()));
        let report = messages(ContentSource::from_zip(&zip_owned(&entries)));
        assert!(
            report.contains("../evil.yaml: the path leaves the folder"),
            "{report}"
        );
        let report = messages(ContentSource::from_zip(&zip_of(&[(
            "files/../../evil",
            b"x",
        )])));
        assert!(report.contains("leaves the folder"), "{report}");
    }

    #[test]
    fn absolute_paths_are_refused() {
        for name in ["/etc/passwd", "C:/Windows/x", "\\\\server\\share"] {
            let report = messages(ContentSource::from_zip(&zip_of(&[(name, b"x")])));
            assert!(
                report.contains("absolute paths are not accepted"),
                "{name}: {report}"
            );
        }
    }

    #[test]
    fn a_nul_byte_in_a_path_is_refused() {
        assert_eq!(
            check_name(b"files/a\0b"),
            Err("the path holds a NUL byte".into())
        );
    }

    #[test]
    fn symbolic_links_are_refused() {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .add_symlink(
                "framework.yaml",
                "/etc/passwd",
                SimpleFileOptions::default(),
            )
            .unwrap();
        let bytes = writer.finish().unwrap().into_inner();
        let report = messages(ContentSource::from_zip(&bytes));
        assert!(
            report.contains("framework.yaml: symbolic links are not accepted"),
            "{report}"
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_inflated() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let report = messages(ContentSource::from_zip(&zip_of(&[
            ("framework.yaml", b"name: x"),
            ("files/zeros.bin", &zeros),
        ])));
        assert!(
            report.contains("files/zeros.bin: compressed too much"),
            "{report}"
        );
        let big = vec![0u8; MAX_FILE_BYTES + 1];
        let report = messages(ContentSource::from_zip(&zip_of(&[("files/big.bin", &big)])));
        assert!(report.contains("files/big.bin: file too large"), "{report}");
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES)
            .map(|i| format!("files/{i}.txt"))
            .collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let report = messages(ContentSource::from_zip(&zip_of(&entries)));
        assert!(
            report.starts_with("archive.zip: too many entries"),
            "{report}"
        );
    }

    #[test]
    fn a_too_large_or_unreadable_archive_is_refused() {
        let report = messages(ContentSource::from_zip(&vec![0u8; MAX_ARCHIVE_BYTES + 1]));
        assert!(
            report.starts_with("archive.zip: archive too large"),
            "{report}"
        );
        let report = messages(ContentSource::from_zip(b"not a zip"));
        assert!(
            report.starts_with("archive.zip: not a readable zip archive"),
            "{report}"
        );
    }

    #[test]
    fn an_archive_without_framework_yaml_is_no_content_folder() {
        let report = messages(ContentSource::from_zip(&zip_of(&[("notes.txt", b"hello")])));
        assert!(report.contains("framework.yaml is missing"), "{report}");
    }
}
