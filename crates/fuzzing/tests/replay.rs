//! Replays every committed fuzz input (`fuzz/corpus/<target>/*` and the crashes once found in
//! `fuzz/regressions/<target>/*`) through the target's body: what the fuzzers found stays fixed.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut all = Vec::new();
    for kind in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) {
            all.extend(entries.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    all.sort();
    all
}

fn replay(target: &str, body: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(
        inputs.len() >= 10,
        "the {target} corpus is committed (found {} inputs)",
        inputs.len()
    );
    for path in inputs {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        body(&data);
    }
}

#[test]
fn the_answer_corpus_replays() {
    replay("answer", acquis_fuzzing::answer);
}

#[test]
fn the_candidates_csv_corpus_replays() {
    replay("candidates_csv", acquis_fuzzing::candidates_csv);
}

#[test]
fn the_content_corpus_replays() {
    replay("content", acquis_fuzzing::content);
}

#[test]
fn the_learners_csv_corpus_replays() {
    replay("learners_csv", acquis_fuzzing::learners_csv);
}

#[test]
fn the_markdown_corpus_replays() {
    replay("markdown", acquis_fuzzing::markdown);
}

#[test]
fn the_safety_check_sees_a_script_link() {
    let caught = std::panic::catch_unwind(|| {
        acquis_fuzzing::assert_safe(r#"<p><a href="javascript:alert(1)">x</a></p>"#)
    });
    assert!(caught.is_err(), "the property would catch an unsafe link");
    acquis_fuzzing::assert_safe(
        r#"<p><a href="/tutos/1" rel="noopener">x</a> <img src="https://a.example/i.png"></p>"#,
    );
}
