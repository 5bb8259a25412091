//! The content format's validation: every error is reported as `file:line: message`, all at once.

use acquis_content::{ContentSource, load};

const FRAMEWORK: &str = r#"name: Test
version: "1"
max_reachable_level: 6
areas:
  - code: "1"
    title: { fr: Information, en: Information }
    competences:
      - code: "1.1"
        title: { fr: Recherche }
        description: { fr: Chercher. }
"#;

const TUBE: &str = r#"id: "@outil"
competence: "1.1"
thematic: Outils
title: Choisir un outil
description: Choisir l'outil de recherche adapté.
skills:
  - level: 1
    description: Connaît un moteur.
    challenges:
      - id: outil-1a
        type: qcu
        status: validated
        instruction: Lequel est un moteur de recherche ?
        proposals: [Un tableur, Un moteur]
        solution: 2
        explanation: Le moteur cherche sur le web.
        samples: { accepted: ["2"], rejected: ["1"] }
  - level: 2
    description: Sait lire un fichier de résultats.
    challenges:
      - id: outil-2a
        type: qrocm-ind
        status: validated
        attachments: [files/r.csv]
        instruction: Combien de lignes et quel premier site ?
        inputs:
          - { key: n, label: Lignes, format: number }
          - { key: site, label: Premier site }
        solution:
          n: ["3"]
          site: [a.fr]
        tolerances: [t1]
        explanation: Trois lignes ; a.fr d'abord.
        samples:
          accepted: [{ n: "3", site: A.fr }]
          rejected: [{ n: "4", site: a.fr }]
tutorials:
  - id: tuto-outil
    title: Les outils
    format: text
    duration: 2
    skills: [1, 2]
    text: Un moteur de recherche trouve des pages.
"#;

fn source(tube: &str) -> ContentSource {
    ContentSource::from_files([
        ("framework.yaml".to_string(), FRAMEWORK.as_bytes().to_vec()),
        (
            "competences/1.1/outil.yaml".to_string(),
            tube.as_bytes().to_vec(),
        ),
        (
            "files/r.csv".to_string(),
            b"site\na.fr\nb.fr\nc.fr\n".to_vec(),
        ),
    ])
}

fn errors(tube: &str) -> Vec<String> {
    match load(&source(tube)) {
        Ok(_) => vec![],
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

fn assert_error(tube: &str, expected: &str) {
    let errors = errors(tube);
    assert!(
        errors.iter().any(|e| e == expected),
        "expected {expected:?} in {errors:#?}"
    );
}

#[test]
fn a_valid_set_loads_with_its_files_and_counts() {
    let content = load(&source(TUBE)).expect("valid");
    let s = content.summary();
    assert_eq!(
        (
            s.areas,
            s.competences,
            s.tubes,
            s.skills,
            s.challenges,
            s.tutorials
        ),
        (1, 1, 1, 2, 2, 1)
    );
    assert_eq!(s.attachments, 1);
    assert_eq!(s.challenges_by_type["qrocm-ind"], 1);
    assert!(content.files.contains_key("files/r.csv"));
    assert_eq!(content.checksum.len(), 64);
    let f = &content.framework;
    assert_eq!(f.skill("@outil2").map(|s| s.level), Some(2));
    assert_eq!(f.tutorials_of("@outil1").count(), 1);
    assert_eq!(
        f.challenge("outil-1a").map(|c| c.irt.b),
        Some(-1.5),
        "IRT difficulty derived from the level"
    );
}

#[test]
fn an_unknown_field_is_reported_with_its_line() {
    assert_error(
        &TUBE.replace(
            "        solution: 2\n",
            "        solution: 2\n        solutoin: 2\n",
        ),
        "competences/1.1/outil.yaml:16: solutoin: Unknown field `solutoin`, expected one of `id`, `type`, `status`, `instruction`, `explanation`, `locales`, `illustration`, `attachments`, `embed`, `timer`, `focused`, `accessible`, `irt`, `proposals`, `inputs`, `solution`, `tolerances`, or `samples`",
    );
}

#[test]
fn a_duplicate_challenge_id_points_to_the_first_one() {
    assert_error(
        &TUBE.replace("id: outil-2a", "id: outil-1a"),
        "competences/1.1/outil.yaml:21: duplicate challenge id \"outil-1a\" (first defined at competences/1.1/outil.yaml:10)",
    );
}

#[test]
fn a_skill_without_a_level_is_an_error() {
    let errs = errors(&TUBE.replace("  - level: 2\n", "  - \n"));
    assert!(
        errs.iter()
            .any(|e| e.starts_with("competences/1.1/outil.yaml:")
                && e.contains("missing field `level`")),
        "{errs:#?}"
    );
}

#[test]
fn a_qcu_solution_out_of_range_is_an_error() {
    assert_error(
        &TUBE.replace("solution: 2\n", "solution: 5\n"),
        "competences/1.1/outil.yaml:15: challenge outil-1a: solution 5 is out of range: there are 2 proposals",
    );
}

#[test]
fn a_qrocm_solution_key_that_no_input_has_is_an_error() {
    assert_error(
        &TUBE.replace("site: [a.fr]", "ville: [a.fr]"),
        "competences/1.1/outil.yaml:30: challenge outil-2a: solution key \"ville\": no input has this key",
    );
}

#[test]
fn a_missing_attachment_is_an_error() {
    assert_error(
        &TUBE.replace("files/r.csv", "files/absent.csv"),
        "competences/1.1/outil.yaml:24: challenge outil-2a: missing file files/absent.csv",
    );
}

#[test]
fn broken_references_are_errors() {
    assert_error(
        &TUBE.replace("competence: \"1.1\"", "competence: \"9.9\""),
        "competences/1.1/outil.yaml:2: unknown competence \"9.9\" (not in framework.yaml)",
    );
    assert_error(
        &TUBE.replace("skills: [1, 2]", "skills: [1, 7]"),
        "competences/1.1/outil.yaml:42: tutorial tuto-outil: the tube has no skill at level 7",
    );
}

#[test]
fn a_sample_that_contradicts_the_solution_is_an_error() {
    assert_error(
        &TUBE.replace("rejected: [\"1\"]", "rejected: [\"2\"]"),
        "competences/1.1/outil.yaml:10: challenge outil-1a: rejected sample \"2\" is judged ok",
    );
    assert_error(
        &TUBE.replace("{ n: \"3\", site: A.fr }", "{ n: \"3\", site: b.fr }"),
        "competences/1.1/outil.yaml:21: challenge outil-2a: accepted sample {n: \"3\", site: \"b.fr\"} is judged partially",
    );
}

#[test]
fn every_error_is_reported_at_once_and_nothing_loads() {
    let broken = TUBE
        .replace("solution: 2\n", "solution: 5\n")
        .replace("files/r.csv", "files/absent.csv")
        .replace("skills: [1, 2]", "skills: [1, 7]");
    let errs = errors(&broken);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(load(&source(&broken)).is_err());
}

#[test]
fn yaml_syntax_errors_give_the_line() {
    let errs = errors(&TUBE.replace("title: Choisir un outil", "title: Choisir: un outil"));
    assert!(
        errs.iter()
            .any(|e| e.starts_with("competences/1.1/outil.yaml:4: YAML:")),
        "{errs:#?}"
    );
}

#[test]
fn qroc_and_qrocm_require_deliberate_tolerances() {
    assert_error(
        &TUBE.replace("        tolerances: [t1]\n", ""),
        "competences/1.1/outil.yaml:22: challenge outil-2a: tolerances are required for qrocm-ind (choose them; [] for an exact match)",
    );
}

/// A set whose level-1 challenge is a QROC filled by the simulator page `page`.
fn with_simulator(page: &str) -> Vec<String> {
    let tube = TUBE.replace(
        "        type: qcu\n        status: validated\n        instruction: Lequel est un moteur de recherche ?\n        proposals: [Un tableur, Un moteur]\n        solution: 2\n        explanation: Le moteur cherche sur le web.\n        samples: { accepted: [\"2\"], rejected: [\"1\"] }\n",
        "        type: qroc\n        status: validated\n        embed: { file: files/sim/index.html, title: Moteur simulé }\n        instruction: Ouvrez la page officielle.\n        inputs: [{ key: page, label: Page }]\n        solution: [\"page:mairie\"]\n        tolerances: []\n        explanation: La page de la mairie.\n        samples: { accepted: [\"page:mairie\"], rejected: [\"page:forum\"] }\n",
    );
    assert_ne!(tube, TUBE, "the level-1 challenge was replaced");
    let mut files = vec![
        ("framework.yaml".to_string(), FRAMEWORK.as_bytes().to_vec()),
        ("competences/1.1/outil.yaml".to_string(), tube.into_bytes()),
        ("files/r.csv".to_string(), b"site\na.fr\n".to_vec()),
    ];
    files.push(("files/sim/index.html".to_string(), page.as_bytes().to_vec()));
    match load(&ContentSource::from_files(files)) {
        Ok(_) => vec![],
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_simulator_reports_its_answer_with_words_and_never_navigates() {
    let good = r#"<form id="f"><button>Chercher</button></form>
<script>f.addEventListener("submit", (e) => { e.preventDefault();
  window.parent.postMessage({ acquis: "answer", value: "page:mairie", label: "Page ouverte" }, "*"); });</script>"#;
    assert_eq!(with_simulator(good), Vec::<String>::new());
    let silent = with_simulator("<p>Rien</p>");
    assert!(
        silent
            .iter()
            .any(|e| e.contains("simulator files/sim/index.html never reports an answer")),
        "{silent:#?}"
    );
    let leaving = with_simulator(&good.replace(
        r#"<form id="f">"#,
        "\n\n<FORM id=\"f\" action=\"/chercher\">",
    ));
    assert!(
        leaving
            .iter()
            .any(|e| e.contains("line 3: a <form> with action or target would navigate the frame")),
        "{leaving:#?}"
    );
}
