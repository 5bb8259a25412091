//! Answers and solutions in words, for checkpoints and result pages (after the answer is
//! stored — never before).

use std::collections::BTreeMap;

use acquis_core::answer::SKIP;
use acquis_core::{AnswerStatus, Challenge, Question};

use crate::i18n::Lang;
use crate::view::markdown::inline_html;

/// The learner's answer, one line per choice or input (HTML-safe text, may hold inline markup).
pub fn given(question: &Question, raw: &str, lang: Lang) -> Vec<String> {
    if raw.trim() == SKIP {
        return vec![lang.t("answer-skipped")];
    }
    match question {
        Question::Qcu { proposals, .. } | Question::Qcm { proposals, .. } => raw
            .split(',')
            .filter_map(|n| n.trim().parse::<usize>().ok())
            .filter_map(|n| proposals.get(n.wrapping_sub(1)))
            .map(|p| inline_html(p))
            .collect(),
        Question::Qroc { .. } => vec![escape(raw)],
        Question::QrocmInd { inputs, .. } | Question::QrocmDep { inputs, .. } => {
            let map: BTreeMap<String, String> = serde_json::from_str(raw).unwrap_or_default();
            inputs
                .iter()
                .map(|i| {
                    format!(
                        "{} : {}",
                        escape(&i.label),
                        escape(map.get(&i.key).map(String::as_str).unwrap_or(""))
                    )
                })
                .collect()
        }
    }
}

/// The learner's answer to `challenge` in words. A simulator's value is an internal token
/// (`page:mairie-saint-clair`, `D2:=B2*C2`) that is never shown: what the simulator said the
/// learner did is shown instead.
pub fn given_to(challenge: &Challenge, raw: &str, label: Option<&str>, lang: Lang) -> Vec<String> {
    if challenge.embed.is_none() || raw.trim() == SKIP {
        return given(&challenge.question, raw, lang);
    }
    vec![match label {
        Some(words) if !words.trim().is_empty() => escape(words),
        _ => lang.t("embed-given-unknown"),
    }]
}

/// What was expected of `challenge` in words; for a simulator, a pointer to the explanation
/// (which says what to do) rather than its internal token.
pub fn expected_of(challenge: &Challenge, lang: Lang) -> Vec<String> {
    if challenge.embed.is_some() {
        return vec![lang.t("embed-expected")];
    }
    expected(&challenge.question)
}

/// The expected answer, one line per choice or input.
pub fn expected(question: &Question) -> Vec<String> {
    match question {
        Question::Qcu {
            proposals,
            solution,
        } => proposals
            .get(solution - 1)
            .map(|p| vec![inline_html(p)])
            .unwrap_or_default(),
        Question::Qcm {
            proposals,
            solution,
        } => solution
            .iter()
            .filter_map(|n| proposals.get(n - 1))
            .map(|p| inline_html(p))
            .collect(),
        Question::Qroc { accepted, .. } => accepted
            .first()
            .map(|a| vec![escape(a)])
            .unwrap_or_default(),
        Question::QrocmInd {
            inputs, accepted, ..
        } => inputs
            .iter()
            .map(|i| {
                let first = accepted
                    .get(&i.key)
                    .and_then(|v| v.first())
                    .map(String::as_str)
                    .unwrap_or("");
                format!("{} : {}", escape(&i.label), escape(first))
            })
            .collect(),
        Question::QrocmDep { inputs, groups, .. } => groups
            .iter()
            .take(inputs.len().max(1))
            .filter_map(|g| g.first())
            .map(|a| escape(a))
            .collect(),
    }
}

/// The status in words (its icon, if a page shows one, is [`status_icon`]).
pub fn status_label(status: AnswerStatus, lang: Lang) -> String {
    lang.t(match status {
        AnswerStatus::Ok => "status-ok",
        AnswerStatus::Ko => "status-ko",
        AnswerStatus::Aband => "status-aband",
        AnswerStatus::Timedout => "status-timedout",
        AnswerStatus::Focusedout => "status-focusedout",
        AnswerStatus::Partially => "status-partially",
    })
}

/// The inline SVG icon of a status (decorative: the label says it), for `|safe`.
pub fn status_icon(status: AnswerStatus) -> &'static str {
    crate::view::icons::svg(match status {
        AnswerStatus::Ok => "check",
        AnswerStatus::Ko => "cross",
        AnswerStatus::Aband => "arrow",
        AnswerStatus::Timedout => "clock",
        AnswerStatus::Focusedout => "warning",
        AnswerStatus::Partially => "half",
    })
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use acquis_core::{Input, InputFormat, Tolerances};

    #[test]
    fn answers_and_solutions_read_as_words() {
        let q = Question::Qcu {
            proposals: vec!["Un **moteur**".into(), "Un tableur".into()],
            solution: 1,
        };
        assert_eq!(given(&q, "2", Lang::Fr), vec!["Un tableur"]);
        assert_eq!(expected(&q), vec!["Un <strong>moteur</strong>"]);
        assert_eq!(
            given(&q, "#ABAND#", Lang::Fr),
            vec![Lang::Fr.t("answer-skipped")]
        );
        let input = Input {
            key: "n".into(),
            label: "Nombre".into(),
            format: InputFormat::Number,
            options: vec![],
            placeholder: None,
        };
        let q = Question::QrocmInd {
            inputs: vec![input],
            accepted: BTreeMap::from([("n".into(), vec!["4".into()])]),
            tolerances: Tolerances::NONE,
        };
        assert_eq!(
            given(&q, r#"{"n":"<b>5</b>"}"#, Lang::Fr),
            vec!["Nombre : &lt;b&gt;5&lt;/b&gt;"]
        );
        assert_eq!(expected(&q), vec!["Nombre : 4"]);
    }
}
