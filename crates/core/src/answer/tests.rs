//! Table-driven tests of each checking rule and each type, and property tests.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::challenge::{ChallengeStatus, IrtParams, Tolerance};

fn text_input(key: &str) -> Input {
    Input {
        key: key.into(),
        label: key.into(),
        format: InputFormat::Text,
        options: vec![],
        placeholder: None,
    }
}

fn number_input(key: &str) -> Input {
    Input {
        format: InputFormat::Number,
        ..text_input(key)
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

fn qroc(accepted: &[&str], tol: &[Tolerance]) -> Question {
    Question::Qroc {
        input: text_input("r"),
        accepted: strings(accepted),
        tolerances: Tolerances::from_list(tol),
    }
}

fn status(question: &Question, raw: &str) -> AnswerStatus {
    check(question, &Response::parse(question, raw).expect("parsable")).status
}

fn challenge(question: Question) -> Challenge {
    Challenge {
        id: "c".into(),
        skill: "@t1".into(),
        status: ChallengeStatus::Validated,
        locales: vec!["fr".into()],
        instruction: String::new(),
        explanation: String::new(),
        question,
        illustration: None,
        attachments: vec![],
        embed: None,
        timer: None,
        focused: false,
        accessible: false,
        irt: IrtParams::default_for_level(1),
    }
}

use AnswerStatus::*;
use Tolerance::{T1, T2, T3};

#[test]
fn qcu_is_an_exact_choice() {
    let q = Question::Qcu {
        proposals: strings(&["a", "b", "c"]),
        solution: 2,
    };
    for (raw, expected) in [
        ("2", Ok),
        (" 2 ", Ok),
        ("1", Ko),
        ("3", Ko),
        ("", Ko),
        ("#ABAND#", Aband),
    ] {
        assert_eq!(status(&q, raw), expected, "answer {raw:?}");
    }
    assert_eq!(
        Response::parse(&q, "1,2"),
        Err(ResponseError::SeveralChoices)
    );
    assert_eq!(
        Response::parse(&q, "4"),
        Err(ResponseError::NoSuchProposal(4))
    );
    assert!(matches!(
        Response::parse(&q, "b"),
        Err(ResponseError::NotAChoice(_))
    ));
}

#[test]
fn qcm_is_the_same_set_in_any_order() {
    let q = Question::Qcm {
        proposals: strings(&["a", "b", "c", "d"]),
        solution: BTreeSet::from([1, 3]),
    };
    for (raw, expected) in [
        ("1,3", Ok),
        ("3,1", Ok),
        ("3, 1", Ok),
        ("1,3,3", Ok),
        ("1", Ko),
        ("1,2,3", Ko),
        ("", Ko),
        ("2,4", Ko),
    ] {
        assert_eq!(status(&q, raw), expected, "answer {raw:?}");
    }
}

#[test]
fn qroc_tolerances_each_do_their_job() {
    let cases: &[(&[Tolerance], &str, &str, AnswerStatus)] = &[
        (&[], "Canberra", "Canberra", Ok),
        (&[], "Canberra", "canberra", Ko),
        (&[], "Canberra", "Canberra\u{00A0}", Ko),
        (&[], "é", "e\u{0301}", Ok), // NFC always
        (&[T1], "Canberra", "  CANBERRA ", Ok),
        (&[T1], "Île-de-France", "ile-de-france", Ok),
        (&[T1], "New York", "newyork", Ok),
        (&[T1], "l'été", "lete", Ko),
        (&[T1, T2], "l'été", "lete", Ok),
        (&[T1, T2], "Saint-Étienne", "saint etienne", Ok),
        (&[T2], "abc", "a.b.c", Ok),
        (&[T1, T3], "Canberra", "Canbera", Ok), // 1 edit / 7 chars
        (&[T1, T3], "Canberra", "Kanbera", Ko), // 2 edits / 7 chars
        (&[T1], "Canberra", "Canbera", Ko),     // T3 off
        (&[T3], "abcd", "abcx", Ok),            // 1/4 = 0.25 is accepted
        (&[T3], "abc", "abx", Ko),              // 1/3 > 0.25
        (&[T1, T2, T3], "Canberra", "", Ko),    // an empty answer is never right
        (&[T1, T2, T3], "Canberra", "   ", Ko),
    ];
    for (tol, accepted, answer, expected) in cases {
        assert_eq!(
            status(&qroc(&[accepted], tol), answer),
            *expected,
            "{accepted:?} vs {answer:?} with {tol:?}"
        );
    }
}

#[test]
fn qroc_accepts_any_of_several_values() {
    let q = qroc(&["Lyon", "ville de Lyon"], &[T1]);
    assert_eq!(status(&q, "ville de lyon"), Ok);
    assert_eq!(status(&q, "lyon"), Ok);
    assert_eq!(status(&q, "Paris"), Ko);
}

#[test]
fn numbers_are_compared_as_numbers() {
    let q = Question::Qroc {
        input: number_input("n"),
        accepted: strings(&["3.5"]),
        tolerances: Tolerances::NONE,
    };
    for (raw, expected) in [
        ("3,5", Ok),
        ("3.50", Ok),
        (" 3.5 ", Ok),
        ("+3.5", Ok),
        ("35", Ko),
        ("trois", Ko),
        ("", Ko),
    ] {
        assert_eq!(status(&q, raw), expected, "answer {raw:?}");
    }
    let thousands = Question::Qroc {
        input: number_input("n"),
        accepted: strings(&["1000"]),
        tolerances: Tolerances::NONE,
    };
    assert_eq!(status(&thousands, "1 000"), Ok);
    assert_eq!(status(&thousands, "1\u{202F}000"), Ok);
}

#[test]
fn qroc_keeps_the_input_detail() {
    let q = qroc(&["x"], &[]);
    let c = check(&q, &Response::Text("y".into()));
    assert_eq!(
        c.inputs,
        vec![InputCorrection {
            key: "r".into(),
            given: "y".into(),
            ok: false
        }]
    );
}

fn qrocm_ind() -> Question {
    Question::QrocmInd {
        inputs: vec![text_input("nom"), number_input("taille")],
        accepted: BTreeMap::from([
            ("nom".into(), strings(&["rapport.pdf"])),
            ("taille".into(), strings(&["250"])),
        ]),
        tolerances: Tolerances::from_list(&[T1]),
    }
}

#[test]
fn qrocm_ind_is_ok_only_when_every_input_is() {
    let q = qrocm_ind();
    for (raw, expected) in [
        (r#"{"nom":"Rapport.PDF","taille":"250"}"#, Ok),
        (r#"{"nom":"rapport.pdf","taille":"25"}"#, Partially),
        (r#"{"nom":"x","taille":"1"}"#, Ko),
        (r#"{"nom":"rapport.pdf"}"#, Partially),
        (r#"{}"#, Ko),
    ] {
        assert_eq!(status(&q, raw), expected, "answer {raw}");
    }
    let c = check(
        &q,
        &Response::parse(&q, r#"{"nom":"rapport.pdf","taille":"25"}"#).unwrap(),
    );
    let oks: Vec<bool> = c.inputs.iter().map(|i| i.ok).collect();
    assert_eq!(oks, vec![true, false]);
}

#[test]
fn qrocm_answers_must_be_objects_of_known_inputs() {
    let q = qrocm_ind();
    assert_eq!(
        Response::parse(&q, "rapport.pdf"),
        Err(ResponseError::NotAnObject)
    );
    assert_eq!(
        Response::parse(&q, r#"{"nom":1}"#),
        Err(ResponseError::NotAnObject)
    );
    assert_eq!(
        Response::parse(&q, r#"{"autre":"x"}"#),
        Err(ResponseError::UnknownInput("autre".into()))
    );
}

fn qrocm_dep() -> Question {
    Question::QrocmDep {
        inputs: vec![text_input("a"), text_input("b")],
        groups: vec![
            strings(&["Firefox", "Mozilla Firefox"]),
            strings(&["Chrome", "Google Chrome", "Chromium"]),
            strings(&["Edge"]),
        ],
        tolerances: Tolerances::from_list(&[T1, T2]),
    }
}

#[test]
fn qrocm_dep_needs_distinct_groups_in_any_order() {
    let q = qrocm_dep();
    for (raw, expected) in [
        (r#"{"a":"chrome","b":"firefox"}"#, Ok),
        (r#"{"a":"firefox","b":"chrome"}"#, Ok),
        (r#"{"a":"edge","b":"Mozilla Firefox"}"#, Ok),
        (r#"{"a":"chrome","b":"chromium"}"#, Partially), // same group twice
        (r#"{"a":"chrome","b":"chrome"}"#, Partially),
        (r#"{"a":"safari","b":"opera"}"#, Ko),
    ] {
        assert_eq!(status(&q, raw), expected, "answer {raw}");
    }
}

#[test]
fn qrocm_dep_finds_a_matching_a_greedy_pass_would_miss() {
    // "x" fits groups 0 and 1, "y" only group 0: x must take group 1.
    let q = Question::QrocmDep {
        inputs: vec![text_input("a"), text_input("b")],
        groups: vec![strings(&["x", "y"]), strings(&["x"])],
        tolerances: Tolerances::NONE,
    };
    assert_eq!(status(&q, r#"{"a":"x","b":"y"}"#), Ok);
}

#[test]
fn skipping_is_aband_for_every_type() {
    for q in [
        Question::Qcu {
            proposals: strings(&["a", "b"]),
            solution: 1,
        },
        qroc(&["x"], &[]),
        qrocm_ind(),
        qrocm_dep(),
    ] {
        assert_eq!(status(&q, "#ABAND#"), Aband, "{}", q.kind());
    }
}

#[test]
fn a_late_answer_is_timedout_even_if_right() {
    let mut c = challenge(qroc(&["x"], &[]));
    c.timer = Some(30);
    let on_time = AnswerContext {
        elapsed_secs: Some(31.0),
        left_page: false,
    };
    let late = AnswerContext {
        elapsed_secs: Some(33.0),
        left_page: false,
    };
    assert_eq!(evaluate(&c, "x", &on_time).unwrap().status, Ok);
    assert_eq!(evaluate(&c, "x", &late).unwrap().status, Timedout);
    assert_eq!(evaluate(&c, "#ABAND#", &late).unwrap().status, Aband);
}

#[test]
fn leaving_a_focused_challenge_turns_a_right_answer_into_focusedout() {
    let mut c = challenge(qroc(&["x"], &[]));
    let left = AnswerContext {
        elapsed_secs: None,
        left_page: true,
    };
    assert_eq!(
        evaluate(&c, "x", &left).unwrap().status,
        Ok,
        "not focused: leaving is fine"
    );
    c.focused = true;
    assert_eq!(evaluate(&c, "x", &left).unwrap().status, Focusedout);
    assert_eq!(evaluate(&c, "y", &left).unwrap().status, Ko);
    assert!(!Focusedout.is_ok() && !Partially.is_ok() && Ok.is_ok());
}

#[test]
fn statuses_round_trip_through_their_names() {
    for s in [Ok, Ko, Aband, Timedout, Focusedout, Partially] {
        assert_eq!(AnswerStatus::parse(s.as_str()), Some(s));
    }
    assert_eq!(AnswerStatus::parse("maybe"), None);
}

proptest! {
    #[test]
    fn a_qcm_answer_in_any_order_gives_the_same_result(
        solution in proptest::collection::btree_set(1usize..=6, 1..=6),
        picked in proptest::collection::vec(1usize..=6, 0..=6),
        seed in any::<u64>(),
    ) {
        let q = Question::Qcm { proposals: (1..=6).map(|i| i.to_string()).collect(), solution };
        let mut shuffled = picked.clone();
        // A deterministic shuffle from the seed (no rand dependency in core).
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let join = |v: &[usize]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",");
        prop_assert_eq!(status(&q, &join(&picked)), status(&q, &join(&shuffled)));
    }

    #[test]
    fn checking_never_panics_on_arbitrary_input(raw in "\\PC*", accepted in "\\PC{0,12}") {
        let questions = [
            Question::Qcu { proposals: strings(&["a", "b"]), solution: 1 },
            Question::Qcm { proposals: strings(&["a", "b"]), solution: BTreeSet::from([1]) },
            qroc(&[&accepted], &[T1, T2, T3]),
            Question::Qroc { input: number_input("n"), accepted: vec![accepted.clone()], tolerances: Tolerances::NONE },
            qrocm_ind(),
            qrocm_dep(),
        ];
        let mut c = challenge(qroc(&["x"], &[]));
        c.timer = Some(10);
        c.focused = true;
        for q in questions {
            if let Result::Ok(r) = Response::parse(&q, &raw) {
                let _ = check(&q, &r);
            }
            c.question = q;
            let _ = evaluate(&c, &raw, &AnswerContext { elapsed_secs: Some(f64::NAN), left_page: true });
        }
    }

    #[test]
    fn an_accepted_value_always_matches_itself(accepted in "\\PC{1,20}", t1 in any::<bool>(), t2 in any::<bool>(), t3 in any::<bool>()) {
        let tol = Tolerances { t1, t2, t3 };
        prop_assume!(!normalize(&accepted, tol).trim().is_empty());
        prop_assert!(text_matches(&accepted, std::slice::from_ref(&accepted), tol));
    }

    #[test]
    fn normalisation_is_idempotent(s in "\\PC*", t1 in any::<bool>(), t2 in any::<bool>()) {
        let tol = Tolerances { t1, t2, t3: false };
        let once = normalize(&s, tol);
        prop_assert_eq!(normalize(&once, tol), once);
    }
}
