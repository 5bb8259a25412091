//! What each fuzz target does with an input, and the properties it must keep whatever the
//! bytes: no panic, and the target's own promise (below). The libFuzzer targets in `fuzz/`
//! call these functions, and `tests/replay.rs` runs every input of the committed corpora
//! through them on each `cargo test`, so a crash found once stays fixed. How to run the
//! fuzzers: `docs/testing.md`.

use std::sync::LazyLock;

use acquis_content::ContentSource;
use acquis_core::answer::{self, AnswerContext, Response};
use acquis_core::{Challenge, Framework};

static STARTER: LazyLock<Framework> = LazyLock::new(|| {
    acquis_content::starter()
        .map(|c| c.framework)
        .unwrap_or_else(|e| panic!("the starter content is invalid: {e}"))
});

/// The answer checker: the first byte picks one of the starter's challenges (every type and
/// option), the rest is the raw answer as a learner would post it. Parsing and checking never
/// panic, the verdict is the same twice, and an answer the parser refuses is refused the same
/// way by `evaluate`.
pub fn answer(data: &[u8]) {
    let Some((&pick, raw)) = data.split_first() else {
        return;
    };
    let challenges: &[Challenge] = STARTER.challenges();
    let challenge = &challenges[usize::from(pick) % challenges.len()];
    let raw = String::from_utf8_lossy(raw);
    let parsed = Response::parse(&challenge.question, &raw);
    let context = AnswerContext {
        elapsed_secs: Some(f64::from(pick)),
        left_page: pick % 2 == 0,
    };
    let evaluated = answer::evaluate(challenge, &raw, &context);
    match parsed {
        Ok(response) => {
            let first = answer::check(&challenge.question, &response);
            assert_eq!(first, answer::check(&challenge.question, &response));
            assert!(evaluated.is_ok(), "parsed, then refused: {raw:?}");
        }
        Err(e) => assert_eq!(evaluated.err(), Some(e)),
    }
}

/// The content loader: the first byte picks one file of the starter set, which the rest of the
/// input replaces (so the other files stay valid and the loader goes deep). Loading never
/// panics; a refusal names at least one problem, each with a file.
pub fn content(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let base = acquis_content::starter_source();
    let paths: Vec<String> = base.files().map(|(p, _)| p.to_owned()).collect();
    let target = &paths[usize::from(pick) % paths.len()];
    let files = base.files().map(|(path, original)| {
        let body = if path == target {
            bytes.to_vec()
        } else {
            original.to_vec()
        };
        (path.to_owned(), body)
    });
    match acquis_content::load(&ContentSource::from_files(files)) {
        Ok(loaded) => assert!(!loaded.checksum.is_empty()),
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a refusal says why");
            assert!(errors.0.iter().all(|e| !e.to_string().is_empty()));
        }
    }
}

/// The learners file of the organisation portal: reading never panics; the learners read all
/// have both names; a refusal lists at least one problem, in line order, each on a line of
/// the file (1 is the header).
pub fn learners_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1) as u64 + 1;
    match acquis_import::learners::parse(text) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            assert!(rows.len() <= acquis_import::learners::MAX_ROWS);
            assert!(
                rows.iter()
                    .all(|r| !r.first_name.trim().is_empty() && !r.last_name.trim().is_empty())
            );
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            assert!(problems.windows(2).all(|w| w[0].line <= w[1].line));
            assert!(
                problems.iter().all(|p| p.line <= lines),
                "{problems:?} in {lines} lines"
            );
        }
    }
}

/// The candidates file of a certification centre, read for each kind of centre with a fixed
/// date: reading never panics; the candidates read are at most [`MAX_ROWS`], all with both
/// names, billed exactly when the centre is not a school, and no two the same person; a
/// refusal lists at least one problem, in line order, each on a line of the file (1 is the
/// header).
///
/// [`MAX_ROWS`]: acquis_import::candidates::MAX_ROWS
pub fn candidates_csv(data: &[u8]) {
    use acquis_core::campaign::reconciliation::{BirthDate, OrganizationKind};
    use acquis_import::candidates;

    let Some(today) = BirthDate::parse("2030-01-01") else {
        panic!("the fixed date parses");
    };
    // Line breaks: `\n`, or a `\r` not before one; the file's last line may lack one, and a
    // file without a candidate is refused on line 2.
    let breaks = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count();
    let lines = breaks as u64 + 2;
    for &kind in OrganizationKind::ALL {
        match candidates::parse(data, kind, today) {
            Ok(rows) => {
                assert!(!rows.is_empty());
                assert!(rows.len() <= candidates::MAX_ROWS);
                let mut keys = std::collections::HashSet::new();
                for row in &rows {
                    assert!(!row.birth_name.trim().is_empty() && !row.first_name.trim().is_empty());
                    assert_eq!(row.billing.is_none(), kind == OrganizationKind::Sco);
                    assert!(row.birthdate < today);
                    assert!(keys.insert(row.duplicate_key()), "a duplicate got through");
                }
            }
            Err(problems) => {
                assert!(!problems.is_empty());
                assert!(problems.windows(2).all(|w| w[0].line <= w[1].line));
                assert!(
                    problems.iter().all(|p| (1..=lines).contains(&p.line)),
                    "{problems:?} in {lines} lines"
                );
            }
        }
    }
}

/// The markdown renderer: never panics, and whatever the source, the HTML has no script
/// element, no event handler attribute and no link or image destination other than `http`,
/// `https`, `mailto` or relative.
pub fn markdown(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for html in [
        acquis_markdown::to_html(source),
        acquis_markdown::inline_html(source),
    ] {
        assert_safe(&html);
    }
}

/// Panics if `html` (as the sanitiser writes it: attributes in double quotes) could run a
/// script: a script or frame element, an `on…` attribute, or a link or image destination a
/// browser would read with a scheme other than `http`, `https` or `mailto`.
pub fn assert_safe(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script element in {html:?}");
    assert!(!lower.contains("<iframe"), "frame in {html:?}");
    for tag in html.split('<').skip(1) {
        for (name, value) in attributes(tag) {
            let name = name.to_ascii_lowercase();
            assert!(!name.starts_with("on"), "event handler {name} in {html:?}");
            if matches!(name.as_str(), "href" | "src") {
                assert!(allowed_destination(&value), "{value:?} in {html:?}");
            }
        }
    }
}

/// The attributes of the tag `text` starts with (after its `<`), values decoded.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let rest = text.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '/');
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        match chars.peek() {
            Some('=') => {
                chars.next();
                let mut value = String::new();
                if chars.peek() == Some(&'"') {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        value.push(c);
                    }
                } else {
                    while let Some(&c) = chars.peek() {
                        if c.is_ascii_whitespace() || c == '>' {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
                out.push((name, decode(&value)));
            }
            Some('>') | None => {
                if !name.is_empty() {
                    out.push((name, String::new()));
                }
                return out;
            }
            Some(_) => {
                chars.next();
                if !name.is_empty() {
                    out.push((name, String::new()));
                }
            }
        }
    }
}

/// The character references the serialiser writes in attribute values, decoded.
fn decode(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// `http`, `https`, `mailto` or relative, as a browser's URL parser (WHATWG, the `url` crate)
/// reads the destination: a value with no valid scheme is relative.
fn allowed_destination(value: &str) -> bool {
    match url::Url::parse(value) {
        Ok(url) => matches!(url.scheme(), "http" | "https" | "mailto"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        // An absolute URL that does not parse (a bad host) goes nowhere; its scheme must
        // still be one of the three.
        Err(_) => value.split_once(':').is_some_and(|(scheme, _)| {
            matches!(
                scheme.trim().to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }),
    }
}
