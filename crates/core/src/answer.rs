//! Answer checking: from a learner's raw answer to a status and a per-input correction.
//!
//! The rules are those of DESIGN.md (Framework facts, Answer checking). Checking never panics
//! and never allocates more than a few copies of the answer; malformed answers (a QCU choice
//! that is not a number) are reported as `ResponseError` so the caller can refuse them clearly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::challenge::{Challenge, Input, InputFormat, Question, Tolerances};
use crate::text;

/// The raw value of a skipped challenge ("Je passe").
pub const SKIP: &str = "#ABAND#";

/// Seconds of network and rendering slack allowed past a challenge's timer.
pub const TIMER_GRACE_SECS: f64 = 2.0;

/// T3 accepts when `levenshtein(answer, accepted) / len(answer)` is at most this.
pub const T3_MAX_RATIO: f64 = 0.25;

/// What an answer is judged to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerStatus {
    /// Right.
    Ok,
    /// Wrong.
    Ko,
    /// Skipped.
    Aband,
    /// Arrived after the timer.
    Timedout,
    /// Right, but the learner left the page of a focused challenge.
    Focusedout,
    /// Some inputs right, not all (QROCM).
    Partially,
}

impl AnswerStatus {
    /// Only `ok` counts as a success; everything else is a failure.
    pub fn is_ok(self) -> bool {
        self == AnswerStatus::Ok
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerStatus::Ok => "ok",
            AnswerStatus::Ko => "ko",
            AnswerStatus::Aband => "aband",
            AnswerStatus::Timedout => "timedout",
            AnswerStatus::Focusedout => "focusedout",
            AnswerStatus::Partially => "partially",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "ok" => AnswerStatus::Ok,
            "ko" => AnswerStatus::Ko,
            "aband" => AnswerStatus::Aband,
            "timedout" => AnswerStatus::Timedout,
            "focusedout" => AnswerStatus::Focusedout,
            "partially" => AnswerStatus::Partially,
            _ => return None,
        })
    }
}

/// A learner's answer, parsed for the challenge's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// "Je passe".
    Skipped,
    /// Chosen proposals (1-based); one for a QCU.
    Choices(Vec<usize>),
    /// The text of a QROC.
    Text(String),
    /// The inputs of a QROCM by key.
    Inputs(BTreeMap<String, String>),
}

/// Why a raw answer could not be read for its challenge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// A choice that is not a proposal number.
    #[error("« {0} » n'est pas un numéro de proposition")]
    NotAChoice(String),
    /// A choice number outside the proposals.
    #[error("la proposition {0} n'existe pas")]
    NoSuchProposal(usize),
    /// A QCU answer with more than one choice.
    #[error("une seule proposition est attendue")]
    SeveralChoices,
    /// A QROCM answer that is not a JSON object of strings.
    #[error("la réponse doit être un objet JSON dont les valeurs sont des textes")]
    NotAnObject,
    /// A QROCM answer naming an input that does not exist.
    #[error("le champ « {0} » n'existe pas")]
    UnknownInput(String),
}

impl Response {
    /// Reads a raw answer (`"2"`, `"1,3"`, a text, a JSON object, or `#ABAND#`) for `question`.
    pub fn parse(question: &Question, raw: &str) -> Result<Response, ResponseError> {
        if raw.trim() == SKIP {
            return Ok(Response::Skipped);
        }
        match question {
            Question::Qcu { proposals, .. } => {
                let choices = parse_choices(raw, proposals.len())?;
                if choices.len() > 1 {
                    return Err(ResponseError::SeveralChoices);
                }
                Ok(Response::Choices(choices))
            }
            Question::Qcm { proposals, .. } => {
                Ok(Response::Choices(parse_choices(raw, proposals.len())?))
            }
            Question::Qroc { .. } => Ok(Response::Text(raw.to_owned())),
            Question::QrocmInd { inputs, .. } | Question::QrocmDep { inputs, .. } => {
                let map: BTreeMap<String, String> =
                    serde_json::from_str(raw).map_err(|_| ResponseError::NotAnObject)?;
                if let Some(unknown) = map.keys().find(|k| !inputs.iter().any(|i| &i.key == *k)) {
                    return Err(ResponseError::UnknownInput(unknown.clone()));
                }
                Ok(Response::Inputs(map))
            }
        }
    }
}

fn parse_choices(raw: &str, count: usize) -> Result<Vec<usize>, ResponseError> {
    let mut choices = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let n: usize = part
            .parse()
            .map_err(|_| ResponseError::NotAChoice(part.chars().take(40).collect()))?;
        if n == 0 || n > count {
            return Err(ResponseError::NoSuchProposal(n));
        }
        if !choices.contains(&n) {
            choices.push(n);
        }
    }
    Ok(choices)
}

/// The result of one input of a QROC or QROCM, for the correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputCorrection {
    /// The input's key.
    pub key: String,
    /// What the learner wrote.
    pub given: String,
    /// Whether it was accepted.
    pub ok: bool,
}

/// The verdict on an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The status.
    pub status: AnswerStatus,
    /// Per-input detail (QROC and QROCM); empty for QCU/QCM and skipped answers.
    pub inputs: Vec<InputCorrection>,
}

/// What the server knows about how the answer was given.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AnswerContext {
    /// Seconds between the challenge being shown and the answer arriving, as measured by the server.
    pub elapsed_secs: Option<f64>,
    /// Whether the learner left the page while a focused challenge was shown.
    pub left_page: bool,
}

/// Judges `response` to `question`, ignoring timing and focus.
pub fn check(question: &Question, response: &Response) -> Correction {
    let plain = |status| Correction {
        status,
        inputs: Vec::new(),
    };
    match (question, response) {
        (_, Response::Skipped) => plain(AnswerStatus::Aband),
        (Question::Qcu { solution, .. }, Response::Choices(c)) => {
            plain(verdict(c.len() == 1 && c[0] == *solution))
        }
        (Question::Qcm { solution, .. }, Response::Choices(c)) => plain(verdict(
            c.len() == solution.len() && c.iter().all(|n| solution.contains(n)),
        )),
        (
            Question::Qroc {
                input,
                accepted,
                tolerances,
            },
            Response::Text(t),
        ) => {
            let ok = input_matches(input, t, accepted, *tolerances);
            let inputs = vec![InputCorrection {
                key: input.key.clone(),
                given: t.clone(),
                ok,
            }];
            Correction {
                status: verdict(ok),
                inputs,
            }
        }
        (
            Question::QrocmInd {
                inputs,
                accepted,
                tolerances,
            },
            Response::Inputs(given),
        ) => {
            let detail: Vec<InputCorrection> = inputs
                .iter()
                .map(|input| {
                    let value = given.get(&input.key).cloned().unwrap_or_default();
                    let accepted = accepted.get(&input.key).map(Vec::as_slice).unwrap_or(&[]);
                    let ok = input_matches(input, &value, accepted, *tolerances);
                    InputCorrection {
                        key: input.key.clone(),
                        given: value,
                        ok,
                    }
                })
                .collect();
            Correction {
                status: aggregate(&detail),
                inputs: detail,
            }
        }
        (
            Question::QrocmDep {
                inputs,
                groups,
                tolerances,
            },
            Response::Inputs(given),
        ) => check_dependent(inputs, groups, *tolerances, given),
        // A response of another shape than the question (a caller bug or a forged request)
        // is simply wrong.
        _ => plain(AnswerStatus::Ko),
    }
}

/// Judges a raw answer to `challenge` in its context: skip, timer and focus included.
pub fn evaluate(
    challenge: &Challenge,
    raw: &str,
    context: &AnswerContext,
) -> Result<Correction, ResponseError> {
    let response = Response::parse(&challenge.question, raw)?;
    let mut correction = check(&challenge.question, &response);
    if correction.status == AnswerStatus::Aband {
        return Ok(correction);
    }
    if let (Some(timer), Some(elapsed)) = (challenge.timer, context.elapsed_secs)
        && elapsed > f64::from(timer) + TIMER_GRACE_SECS
    {
        correction.status = AnswerStatus::Timedout;
    } else if challenge.focused && context.left_page && correction.status == AnswerStatus::Ok {
        correction.status = AnswerStatus::Focusedout;
    }
    Ok(correction)
}

fn verdict(ok: bool) -> AnswerStatus {
    if ok {
        AnswerStatus::Ok
    } else {
        AnswerStatus::Ko
    }
}

fn aggregate(detail: &[InputCorrection]) -> AnswerStatus {
    let right = detail.iter().filter(|d| d.ok).count();
    if right == detail.len() && right > 0 {
        AnswerStatus::Ok
    } else if right > 0 {
        AnswerStatus::Partially
    } else {
        AnswerStatus::Ko
    }
}

/// QROCM-dep: find the largest matching of inputs to distinct groups (augmenting paths; the
/// sizes are tiny), so that an input is never denied a group a greedy pass gave away.
fn check_dependent(
    inputs: &[Input],
    groups: &[Vec<String>],
    tolerances: Tolerances,
    given: &BTreeMap<String, String>,
) -> Correction {
    let values: Vec<String> = inputs
        .iter()
        .map(|i| given.get(&i.key).cloned().unwrap_or_default())
        .collect();
    let fits: Vec<Vec<bool>> = inputs
        .iter()
        .zip(&values)
        .map(|(input, v)| {
            groups
                .iter()
                .map(|g| input_matches(input, v, g, tolerances))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; groups.len()];
    for i in 0..inputs.len() {
        let mut seen = vec![false; groups.len()];
        assign(i, &fits, &mut owner, &mut seen);
    }
    let detail: Vec<InputCorrection> = inputs
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (input, v))| InputCorrection {
            key: input.key.clone(),
            given: v,
            ok: owner.contains(&Some(i)),
        })
        .collect();
    Correction {
        status: aggregate(&detail),
        inputs: detail,
    }
}

fn assign(i: usize, fits: &[Vec<bool>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for g in 0..owner.len() {
        if fits[i][g] && !seen[g] {
            seen[g] = true;
            if owner[g].is_none_or(|other| assign(other, fits, owner, seen)) {
                owner[g] = Some(i);
                return true;
            }
        }
    }
    false
}

/// Whether `value` matches one of `accepted` for this input.
fn input_matches(input: &Input, value: &str, accepted: &[String], tol: Tolerances) -> bool {
    match input.format {
        InputFormat::Number => text::parse_number(value).is_some_and(|n| {
            accepted
                .iter()
                .filter_map(|a| text::parse_number(a))
                .any(|a| (a - n).abs() <= 1e-9 * a.abs().max(1.0))
        }),
        InputFormat::Text | InputFormat::Select => text_matches(value, accepted, tol),
    }
}

/// Applies the enabled T1/T2 normalisations.
pub fn normalize(value: &str, tol: Tolerances) -> String {
    let mut s = text::canonical(value);
    if tol.t1 {
        s = text::t1(&s);
    }
    if tol.t2 {
        s = text::t2(&s);
    }
    s
}

/// Whether a text answer matches one of the accepted values under the tolerances.
pub fn text_matches(value: &str, accepted: &[String], tol: Tolerances) -> bool {
    let answer = normalize(value, tol);
    if answer.trim().is_empty() {
        return false;
    }
    accepted.iter().any(|a| {
        let a = normalize(a, tol);
        answer == a || (tol.t3 && near_miss(&answer, &a))
    })
}

fn near_miss(answer: &str, accepted: &str) -> bool {
    let len = answer.chars().count();
    if len == 0 || accepted.is_empty() {
        return false;
    }
    let distance = strsim::levenshtein(answer, accepted);
    distance as f64 / len as f64 <= T3_MAX_RATIO
}

#[cfg(test)]
mod tests;
