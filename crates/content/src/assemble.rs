//! From raw YAML to a validated `Framework`, collecting every error on the way.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use acquis_core::answer::{Response, check};
use acquis_core::framework::MAX_LEVEL;
use acquis_core::{
    Area, Challenge, ChallengeStatus, Competence, Embed, Framework, FrameworkData, Illustration,
    Input, InputFormat, IrtParams, LocalizedText, Question, Skill, Tolerance, Tolerances, Tube,
    Tutorial, TutorialFormat,
};
use marked_yaml::{LoaderOptions, Node};
use serde::de::DeserializeOwned;

use crate::error::{ContentError, ContentErrors};
use crate::raw::{
    RawChallenge, RawFramework, RawInput, RawLocalized, RawSkill, RawTube, RawTutorial, Value,
};
use crate::source::ContentSource;

/// Default height of an embedded simulator, in CSS pixels.
const DEFAULT_EMBED_HEIGHT: u32 = 480;

/// Collects errors for one content set.
struct Assembler<'a> {
    source: &'a ContentSource,
    errors: Vec<ContentError>,
    /// First place each id was seen, by kind, for duplicate reports.
    seen: HashMap<(&'static str, String), String>,
    data: FrameworkData,
}

/// Reads and validates the whole set.
pub fn assemble(source: &ContentSource) -> Result<Framework, ContentErrors> {
    let mut a = Assembler {
        source,
        errors: Vec::new(),
        seen: HashMap::new(),
        data: FrameworkData {
            name: String::new(),
            version: String::new(),
            max_reachable_level: 0,
            areas: vec![],
            competences: vec![],
            tubes: vec![],
            skills: vec![],
            challenges: vec![],
            tutorials: vec![],
        },
    };
    let framework_ok = a.framework_file();
    let tube_files: Vec<String> = source
        .files()
        .map(|(p, _)| p.to_owned())
        .filter(|p| p.starts_with("competences/") && (p.ends_with(".yaml") || p.ends_with(".yml")))
        .collect();
    if framework_ok && tube_files.is_empty() {
        a.errors
            .push(ContentError::at("competences/", None, "no tube file found"));
    }
    for file in &tube_files {
        a.tube_file(file, framework_ok);
    }
    let Assembler {
        mut errors,
        mut data,
        ..
    } = a;
    if !errors.is_empty() {
        errors.sort();
        return Err(ContentErrors(errors));
    }
    order(&mut data);
    Framework::new(data)
        .map_err(|e| ContentErrors::one(ContentError::at("framework.yaml", None, e.to_string())))
}

/// Competences in framework order, tubes by competence, skills by tube and level.
fn order(data: &mut FrameworkData) {
    let rank: HashMap<String, usize> = data
        .competences
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    data.tubes
        .sort_by_key(|t| rank.get(&t.competence).copied().unwrap_or(usize::MAX));
    let tube_rank: HashMap<String, usize> = data
        .tubes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    data.skills.sort_by_key(|s| {
        (
            tube_rank.get(&s.tube).copied().unwrap_or(usize::MAX),
            s.level,
        )
    });
}

fn line_of(node: &Node) -> Option<usize> {
    node.span().start().map(|m| m.line())
}

fn spanned_line<T>(s: &marked_yaml::Spanned<T>) -> Option<usize> {
    s.span().start().map(|m| m.line())
}

impl Assembler<'_> {
    fn err(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.errors.push(ContentError::at(file, line, message));
    }

    /// Parses a file into a node tree, reporting YAML syntax errors.
    fn parse(&mut self, file: &str) -> Option<Node> {
        let bytes = self.source.get(file)?;
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.err(file, None, "not valid UTF-8");
            return None;
        };
        match marked_yaml::parse_yaml_with_options(
            0,
            text,
            LoaderOptions::default().error_on_duplicate_keys(true),
        ) {
            Ok(node) => Some(node),
            Err(e) => {
                let (line, message) = load_error(&e);
                self.err(file, line, message);
                None
            }
        }
    }

    /// Deserialises one node, reporting shape errors (unknown or missing fields, bad types).
    fn shape<T: DeserializeOwned>(&mut self, file: &str, node: &Node) -> Option<T> {
        match marked_yaml::from_node::<T>(node) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.start_mark().map(|m| m.line()).or_else(|| line_of(node));
                let mut message = e.to_string();
                if message.contains("invalid type: map, expected a string") {
                    message.push_str(" (a text containing \": \" must be quoted)");
                }
                self.err(file, line, message);
                None
            }
        }
    }

    /// Records an id, reporting it if it was already used.
    fn unique(&mut self, kind: &'static str, id: &str, file: &str, line: Option<usize>) -> bool {
        let here = match line {
            Some(l) => format!("{file}:{l}"),
            None => file.to_owned(),
        };
        if let Some(first) = self.seen.get(&(kind, id.to_owned())) {
            let message = format!("duplicate {kind} id {id:?} (first defined at {first})");
            self.err(file, line, message);
            return false;
        }
        self.seen.insert((kind, id.to_owned()), here);
        true
    }

    fn framework_file(&mut self) -> bool {
        const FILE: &str = "framework.yaml";
        if self.source.get(FILE).is_none() {
            self.err(
                FILE,
                None,
                "missing: a content set starts with framework.yaml",
            );
            return false;
        }
        let Some(node) = self.parse(FILE) else {
            return false;
        };
        let Some(raw) = self.shape::<RawFramework>(FILE, &node) else {
            return false;
        };
        let before = self.errors.len();
        let max = *raw.max_reachable_level;
        if !(1..=MAX_LEVEL).contains(&max) {
            self.err(
                FILE,
                spanned_line(&raw.max_reachable_level),
                format!("max_reachable_level must be 1..{MAX_LEVEL}, not {max}"),
            );
        }
        self.data.name = raw.name;
        self.data.version = raw.version;
        self.data.max_reachable_level = max;
        for area in raw.areas {
            let line = spanned_line(&area.code);
            let code = area.code.to_string();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                self.err(
                    FILE,
                    line,
                    format!("area code {code:?} must be a number such as \"1\""),
                );
            }
            self.unique("area", &code, FILE, line);
            self.data.areas.push(Area {
                code: code.clone(),
                title: localized(area.title),
            });
            for comp in area.competences {
                let line = spanned_line(&comp.code);
                let c = comp.code.to_string();
                if c.split_once('.').is_none_or(|(a, n)| {
                    a != code || n.is_empty() || !n.chars().all(|d| d.is_ascii_digit())
                }) {
                    self.err(
                        FILE,
                        line,
                        format!("competence code {c:?} must be \"{code}.<n>\" inside area {code}"),
                    );
                }
                self.unique("competence", &c, FILE, line);
                self.data.competences.push(Competence {
                    code: c,
                    area: code.clone(),
                    title: localized(comp.title),
                    description: localized(comp.description),
                });
            }
        }
        if self.data.areas.is_empty() {
            self.err(FILE, None, "no area defined");
        }
        self.errors.len() == before
    }

    fn tube_file(&mut self, file: &str, check_competence: bool) {
        let Some(node) = self.parse(file) else { return };
        let Some(raw) = self.shape::<RawTube>(file, &node) else {
            return;
        };
        let id_line = spanned_line(&raw.id);
        let tube_id = raw.id.to_string();
        if !valid_tube_id(&tube_id) {
            self.err(
                file,
                id_line,
                format!("tube id {tube_id:?} must be \"@\" followed by letters and digits"),
            );
        }
        self.unique("tube", &tube_id, file, id_line);
        let competence = raw.competence.to_string();
        if check_competence && !self.data.competences.iter().any(|c| c.code == competence) {
            self.err(
                file,
                spanned_line(&raw.competence),
                format!("unknown competence {competence:?} (not in framework.yaml)"),
            );
        }
        if let Some(folder) = file.split('/').nth(1)
            && file.matches('/').count() >= 2
            && folder.chars().all(|c| c.is_ascii_digit() || c == '.')
            && folder != competence
        {
            self.err(
                file,
                spanned_line(&raw.competence),
                format!("competence {competence:?} does not match the folder {folder:?}"),
            );
        }
        self.data.tubes.push(Tube {
            id: tube_id.clone(),
            competence: competence.clone(),
            thematic: raw.thematic,
            title: raw.title,
            description: raw.description,
        });
        let mapping = node.as_mapping();
        let mut levels = BTreeSet::new();
        match mapping.and_then(|m| m.get_node("skills")) {
            Some(Node::Sequence(skills)) if !skills.is_empty() => {
                for skill_node in skills.iter() {
                    if let Some(level) = self.skill(file, skill_node, &tube_id, &competence) {
                        levels.insert(level);
                    }
                }
            }
            other => {
                let line = other.and_then(line_of).or(id_line);
                self.err(file, line, "skills must be a non-empty list");
            }
        }
        if let Some(tutorials) = mapping.and_then(|m| m.get_node("tutorials")) {
            match tutorials {
                Node::Sequence(list) => {
                    for t in list.iter() {
                        self.tutorial(file, t, &tube_id, &levels);
                    }
                }
                other => self.err(file, line_of(other), "tutorials must be a list"),
            }
        }
    }

    /// Reads one skill and its challenges; returns its level when valid.
    fn skill(&mut self, file: &str, node: &Node, tube: &str, competence: &str) -> Option<u8> {
        let raw = self.shape::<RawSkill>(file, node)?;
        let line = spanned_line(&raw.level);
        let level = *raw.level;
        if !(1..=MAX_LEVEL).contains(&level) {
            self.err(
                file,
                line,
                format!("skill level must be 1..{MAX_LEVEL}, not {level}"),
            );
            return None;
        }
        let id = format!("{tube}{level}");
        if !self.unique("skill", &id, file, line) {
            return None;
        }
        self.data.skills.push(Skill {
            id: id.clone(),
            tube: tube.to_owned(),
            competence: competence.to_owned(),
            level,
            description: raw.description,
        });
        match node.as_mapping().and_then(|m| m.get_node("challenges")) {
            Some(Node::Sequence(list)) if !list.is_empty() => {
                for c in list.iter() {
                    self.challenge(file, c, &id, level);
                }
            }
            other => {
                let l = other.and_then(line_of).or(line);
                self.err(
                    file,
                    l,
                    format!("skill {id} must have a non-empty list of challenges"),
                );
            }
        }
        Some(level)
    }

    fn challenge(&mut self, file: &str, node: &Node, skill: &str, level: u8) {
        let Some(raw) = self.shape::<RawChallenge>(file, node) else {
            return;
        };
        let before = self.errors.len();
        let line = spanned_line(&raw.id);
        let id = raw.id.to_string();
        if !valid_slug(&id) {
            self.err(
                file,
                line,
                format!("challenge id {id:?} must use only a-z, 0-9 and -"),
            );
        }
        self.unique("challenge", &id, file, line);
        let status = match raw.status.as_str() {
            "draft" => ChallengeStatus::Draft,
            "validated" => ChallengeStatus::Validated,
            "archived" => ChallengeStatus::Archived,
            "obsolete" => ChallengeStatus::Obsolete,
            other => {
                self.err(file, spanned_line(&raw.status), format!("challenge {id}: unknown status {other:?} (draft, validated, archived or obsolete)"));
                ChallengeStatus::Draft
            }
        };
        let locales = raw.locales.clone().unwrap_or_else(|| vec!["fr".into()]);
        if locales.is_empty() {
            self.err(
                file,
                line,
                format!("challenge {id}: locales must not be empty"),
            );
        }
        if raw.instruction.trim().is_empty() {
            self.err(
                file,
                line,
                format!("challenge {id}: the instruction is empty"),
            );
        }
        if raw.explanation.trim().is_empty() {
            self.err(
                file,
                line,
                format!("challenge {id}: the explanation is empty"),
            );
        }
        let illustration = raw.illustration.as_ref().map(|ill| {
            self.file_ref(file, &id, &ill.file);
            let alt = ill.alt.clone().unwrap_or_default();
            if alt.trim().is_empty() {
                self.err(
                    file,
                    spanned_line(&ill.file),
                    format!("challenge {id}: the illustration needs an alt text"),
                );
            }
            Illustration {
                file: ill.file.to_string(),
                alt,
            }
        });
        for a in &raw.attachments {
            self.file_ref(file, &id, a);
        }
        let embed = raw.embed.as_ref().map(|e| {
            self.file_ref(file, &id, &e.file);
            self.simulator(file, &id, &e.file);
            if raw.kind.as_str() != "qroc" {
                self.err(
                    file,
                    spanned_line(&e.file),
                    format!(
                        "challenge {id}: a challenge with a simulator must be a qroc (the simulator fills its one input), not a {}",
                        raw.kind.as_str()
                    ),
                );
            }
            Embed {
                file: e.file.to_string(),
                title: e.title.clone(),
                height: e.height.unwrap_or(DEFAULT_EMBED_HEIGHT),
            }
        });
        if let Some(t) = &raw.timer
            && **t == 0
        {
            self.err(
                file,
                spanned_line(t),
                format!("challenge {id}: timer must be at least 1 second"),
            );
        }
        let irt = match &raw.irt {
            Some(p) if !(p.a > 0.0 && p.a.is_finite() && p.b.is_finite()) => {
                self.err(
                    file,
                    line,
                    format!("challenge {id}: irt needs a > 0 and a finite b"),
                );
                IrtParams::default_for_level(level)
            }
            Some(p) => IrtParams { a: p.a, b: p.b },
            None => IrtParams::default_for_level(level),
        };
        let Some(question) = self.question(file, &id, &raw) else {
            return;
        };
        self.samples(file, &id, &raw, &question);
        if self.errors.len() != before {
            return;
        }
        self.data.challenges.push(Challenge {
            id,
            skill: skill.to_owned(),
            status,
            locales,
            instruction: raw.instruction,
            explanation: raw.explanation,
            question,
            illustration,
            attachments: raw.attachments.iter().map(|a| a.to_string()).collect(),
            embed,
            timer: raw.timer.as_deref().copied(),
            focused: raw.focused.unwrap_or(false),
            accessible: raw.accessible.unwrap_or(false),
            irt,
        });
    }

    /// A simulator page runs in a frame sandboxed with scripts and forms only (never
    /// same-origin): it must be HTML, report the answer to the page by `postMessage` with what
    /// the learner did in words (`label`), and never navigate away (a `<form>` with an
    /// `action` or a `target` would leave the frame instead of reporting).
    fn simulator(&mut self, file: &str, id: &str, path: &marked_yaml::Spanned<String>) {
        let line = spanned_line(path);
        let Some(bytes) = self.source.get(path) else {
            return; // reported by file_ref
        };
        let Some(page) = path
            .ends_with(".html")
            .then(|| std::str::from_utf8(bytes).ok())
            .flatten()
        else {
            self.err(
                file,
                line,
                format!(
                    "challenge {id}: simulator {} must be a UTF-8 .html page",
                    path.as_str()
                ),
            );
            return;
        };
        let mut problems = Vec::new();
        if !(page.contains("postMessage") && page.contains("acquis") && page.contains("label")) {
            problems.push(
                "never reports an answer: it must call window.parent.postMessage({ acquis: \"answer\", value, label })"
                    .to_owned(),
            );
        }
        let lower = page.to_ascii_lowercase();
        for (at, _) in lower.match_indices("<form") {
            let tag = &lower[at..lower[at..].find('>').map_or(lower.len(), |end| at + end)];
            if tag.contains("action=") || tag.contains("target=") {
                let tag_line = page[..at].matches('\n').count() + 1;
                problems.push(format!(
                    "line {tag_line}: a <form> with action or target would navigate the frame; handle its submit event instead"
                ));
            }
        }
        for problem in problems {
            self.err(
                file,
                line,
                format!("challenge {id}: simulator {} {problem}", path.as_str()),
            );
        }
    }

    /// A path to a file of the set: under `files/`, existing.
    fn file_ref(&mut self, file: &str, id: &str, path: &marked_yaml::Spanned<String>) {
        let line = spanned_line(path);
        if !path.starts_with("files/") || path.contains("..") {
            self.err(
                file,
                line,
                format!(
                    "challenge {id}: file path {:?} must start with files/ and stay inside it",
                    path.as_str()
                ),
            );
        } else if self.source.get(path).is_none() {
            self.err(
                file,
                line,
                format!("challenge {id}: missing file {}", path.as_str()),
            );
        }
    }

    fn question(&mut self, file: &str, id: &str, raw: &RawChallenge) -> Option<Question> {
        let line = spanned_line(&raw.kind);
        let sol_line = spanned_line(&raw.solution);
        let kind = raw.kind.as_str();
        let choice_type = matches!(kind, "qcu" | "qcm");
        if choice_type && raw.inputs.is_some() {
            self.err(
                file,
                line,
                format!("challenge {id}: a {kind} has proposals, not inputs"),
            );
        }
        if choice_type && raw.tolerances.is_some() {
            self.err(
                file,
                line,
                format!("challenge {id}: tolerances apply to qroc and qrocm only"),
            );
        }
        if !choice_type && raw.proposals.is_some() {
            self.err(
                file,
                line,
                format!("challenge {id}: a {kind} has inputs, not proposals"),
            );
        }
        match kind {
            "qcu" | "qcm" => {
                let proposals = raw.proposals.clone().unwrap_or_default();
                if proposals.len() < 2 {
                    self.err(
                        file,
                        line,
                        format!("challenge {id}: a {kind} needs at least 2 proposals"),
                    );
                    return None;
                }
                let numbers =
                    self.choice_numbers(file, id, &raw.solution, proposals.len(), sol_line)?;
                if kind == "qcu" {
                    if numbers.len() != 1 {
                        self.err(
                            file,
                            sol_line,
                            format!(
                                "challenge {id}: a qcu solution is exactly one proposal number"
                            ),
                        );
                        return None;
                    }
                    Some(Question::Qcu {
                        proposals,
                        solution: numbers[0],
                    })
                } else {
                    Some(Question::Qcm {
                        proposals,
                        solution: numbers.into_iter().collect(),
                    })
                }
            }
            "qroc" | "qrocm-ind" | "qrocm-dep" => {
                let tolerances = self.tolerances(file, id, raw, line)?;
                let inputs = self.inputs(file, id, raw.inputs.as_deref().unwrap_or(&[]), line)?;
                match kind {
                    "qroc" => {
                        if inputs.len() != 1 {
                            self.err(file, line, format!("challenge {id}: a qroc has exactly one input (use qrocm-ind for more)"));
                            return None;
                        }
                        let accepted = self.accepted(file, id, &raw.solution, sol_line)?;
                        self.accepted_fit_input(file, id, &inputs[0], &accepted, sol_line);
                        let input = inputs.into_iter().next()?;
                        Some(Question::Qroc {
                            input,
                            accepted,
                            tolerances,
                        })
                    }
                    "qrocm-ind" => {
                        let Value::Map(map) = &*raw.solution else {
                            self.err(file, sol_line, format!("challenge {id}: a qrocm-ind solution maps each input key to its accepted answers"));
                            return None;
                        };
                        let mut accepted = BTreeMap::new();
                        for (key, value) in map {
                            let Some(input) = inputs.iter().find(|i| &i.key == key) else {
                                self.err(file, sol_line, format!("challenge {id}: solution key {key:?}: no input has this key"));
                                continue;
                            };
                            let values = self.accepted_value(file, id, value, sol_line)?;
                            self.accepted_fit_input(file, id, input, &values, sol_line);
                            accepted.insert(key.clone(), values);
                        }
                        for input in &inputs {
                            if !map.contains_key(&input.key) {
                                self.err(file, sol_line, format!("challenge {id}: input {:?} has no accepted answer in the solution", input.key));
                            }
                        }
                        Some(Question::QrocmInd {
                            inputs,
                            accepted,
                            tolerances,
                        })
                    }
                    _ => {
                        let Value::List(list) = &*raw.solution else {
                            self.err(file, sol_line, format!("challenge {id}: a qrocm-dep solution is a list of groups of accepted answers"));
                            return None;
                        };
                        let mut groups = Vec::new();
                        for g in list {
                            groups.push(self.accepted_value(file, id, g, sol_line)?);
                        }
                        if groups.len() < inputs.len() {
                            self.err(file, sol_line, format!("challenge {id}: {} inputs need at least as many groups, found {}", inputs.len(), groups.len()));
                        }
                        for g in &groups {
                            for input in &inputs {
                                self.accepted_fit_input(file, id, input, g, sol_line);
                            }
                        }
                        Some(Question::QrocmDep {
                            inputs,
                            groups,
                            tolerances,
                        })
                    }
                }
            }
            other => {
                self.err(file, line, format!("challenge {id}: unknown type {other:?} (qcu, qcm, qroc, qrocm-ind or qrocm-dep)"));
                None
            }
        }
    }

    fn choice_numbers(
        &mut self,
        file: &str,
        id: &str,
        solution: &Value,
        count: usize,
        line: Option<usize>,
    ) -> Option<Vec<usize>> {
        let parts: Vec<String> = match solution {
            Value::Text(t) => t
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            Value::List(items) => items
                .iter()
                .filter_map(|v| v.as_text().map(|t| t.trim().to_owned()))
                .collect(),
            Value::Map(_) => vec![],
        };
        if parts.is_empty() {
            self.err(
                file,
                line,
                format!("challenge {id}: the solution must give proposal numbers"),
            );
            return None;
        }
        let before = self.errors.len();
        let mut numbers = Vec::new();
        for p in parts {
            match p.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) && !numbers.contains(&n) => numbers.push(n),
                Ok(n) if numbers.contains(&n) => {
                    self.err(
                        file,
                        line,
                        format!("challenge {id}: proposal {n} is listed twice in the solution"),
                    );
                }
                Ok(n) => {
                    self.err(file, line, format!("challenge {id}: solution {n} is out of range: there are {count} proposals"));
                }
                Err(_) => self.err(
                    file,
                    line,
                    format!("challenge {id}: solution {p:?} is not a proposal number"),
                ),
            }
        }
        (self.errors.len() == before).then_some(numbers)
    }

    fn tolerances(
        &mut self,
        file: &str,
        id: &str,
        raw: &RawChallenge,
        line: Option<usize>,
    ) -> Option<Tolerances> {
        let Some(list) = &raw.tolerances else {
            self.err(file, line, format!("challenge {id}: tolerances are required for {} (choose them; [] for an exact match)", raw.kind.as_str()));
            return None;
        };
        let mut parsed = Vec::new();
        for t in list {
            match t.as_str() {
                "t1" => parsed.push(Tolerance::T1),
                "t2" => parsed.push(Tolerance::T2),
                "t3" => parsed.push(Tolerance::T3),
                other => self.err(
                    file,
                    spanned_line(t),
                    format!("challenge {id}: unknown tolerance {other:?} (t1, t2 or t3)"),
                ),
            }
        }
        Some(Tolerances::from_list(&parsed))
    }

    fn inputs(
        &mut self,
        file: &str,
        id: &str,
        raw: &[RawInput],
        line: Option<usize>,
    ) -> Option<Vec<Input>> {
        if raw.is_empty() {
            self.err(file, line, format!("challenge {id}: inputs are required"));
            return None;
        }
        let mut inputs: Vec<Input> = Vec::new();
        for r in raw {
            let l = spanned_line(&r.key);
            let key = r.key.to_string();
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                self.err(
                    file,
                    l,
                    format!("challenge {id}: input key {key:?} must use only a-z, 0-9 and _"),
                );
            }
            if inputs.iter().any(|i| i.key == key) {
                self.err(
                    file,
                    l,
                    format!("challenge {id}: input key {key:?} is used twice"),
                );
            }
            if r.label.trim().is_empty() {
                self.err(
                    file,
                    l,
                    format!("challenge {id}: input {key:?} needs a label"),
                );
            }
            let format = match r.format.as_deref().map(String::as_str) {
                None | Some("text") => InputFormat::Text,
                Some("number") => InputFormat::Number,
                Some("select") => InputFormat::Select,
                Some(other) => {
                    self.err(file, l, format!("challenge {id}: unknown input format {other:?} (text, number or select)"));
                    InputFormat::Text
                }
            };
            if format == InputFormat::Select && r.options.len() < 2 {
                self.err(
                    file,
                    l,
                    format!("challenge {id}: select input {key:?} needs at least 2 options"),
                );
            }
            if format != InputFormat::Select && !r.options.is_empty() {
                self.err(
                    file,
                    l,
                    format!("challenge {id}: options are only for select inputs"),
                );
            }
            inputs.push(Input {
                key,
                label: r.label.clone(),
                format,
                options: r.options.clone(),
                placeholder: r.placeholder.clone(),
            });
        }
        Some(inputs)
    }

    fn accepted(
        &mut self,
        file: &str,
        id: &str,
        solution: &Value,
        line: Option<usize>,
    ) -> Option<Vec<String>> {
        self.accepted_value(file, id, solution, line)
    }

    /// A text or a list of texts, at least one non-empty.
    fn accepted_value(
        &mut self,
        file: &str,
        id: &str,
        value: &Value,
        line: Option<usize>,
    ) -> Option<Vec<String>> {
        let values: Vec<String> = match value {
            Value::Text(t) => vec![t.clone()],
            Value::List(items) if items.iter().all(|v| v.as_text().is_some()) => items
                .iter()
                .filter_map(|v| v.as_text().map(str::to_owned))
                .collect(),
            _ => {
                self.err(
                    file,
                    line,
                    format!("challenge {id}: accepted answers must be a text or a list of texts"),
                );
                return None;
            }
        };
        if values.is_empty() || values.iter().any(|v| v.trim().is_empty()) {
            self.err(
                file,
                line,
                format!("challenge {id}: accepted answers must not be empty"),
            );
            return None;
        }
        Some(values)
    }

    /// Accepted values must be reachable through the input: numbers for a number input,
    /// options for a drop-down list.
    fn accepted_fit_input(
        &mut self,
        file: &str,
        id: &str,
        input: &Input,
        accepted: &[String],
        line: Option<usize>,
    ) {
        match input.format {
            InputFormat::Number => {
                for a in accepted
                    .iter()
                    .filter(|a| acquis_core::text::parse_number(a).is_none())
                {
                    self.err(
                        file,
                        line,
                        format!(
                            "challenge {id}: {a:?} is not a number but input {:?} is a number",
                            input.key
                        ),
                    );
                }
            }
            InputFormat::Select => {
                if !accepted.iter().any(|a| input.options.contains(a)) {
                    self.err(
                        file,
                        line,
                        format!(
                            "challenge {id}: no accepted answer of input {:?} is among its options",
                            input.key
                        ),
                    );
                }
            }
            InputFormat::Text => {}
        }
    }

    fn samples(&mut self, file: &str, id: &str, raw: &RawChallenge, question: &Question) {
        let line = spanned_line(&raw.id);
        if raw.samples.accepted.is_empty() || raw.samples.rejected.is_empty() {
            self.err(
                file,
                line,
                format!(
                    "challenge {id}: samples need at least one accepted and one rejected answer"
                ),
            );
        }
        for (expect_ok, list) in [
            (true, &raw.samples.accepted),
            (false, &raw.samples.rejected),
        ] {
            for sample in list {
                let Some(answer) = sample_to_raw(question, sample) else {
                    self.err(
                        file,
                        line,
                        format!(
                            "challenge {id}: sample {} does not have the shape of a {} answer",
                            show(sample),
                            question.kind()
                        ),
                    );
                    continue;
                };
                let verdict =
                    Response::parse(question, &answer).map(|r| check(question, &r).status);
                match (expect_ok, verdict) {
                    (_, Err(e)) => self.err(
                        file,
                        line,
                        format!(
                            "challenge {id}: sample {} cannot be read: {e}",
                            show(sample)
                        ),
                    ),
                    (true, Ok(s)) if !s.is_ok() => self.err(
                        file,
                        line,
                        format!(
                            "challenge {id}: accepted sample {} is judged {}",
                            show(sample),
                            s.as_str()
                        ),
                    ),
                    (false, Ok(s)) if s.is_ok() => self.err(
                        file,
                        line,
                        format!(
                            "challenge {id}: rejected sample {} is judged ok",
                            show(sample)
                        ),
                    ),
                    _ => {}
                }
            }
        }
    }

    fn tutorial(&mut self, file: &str, node: &Node, tube: &str, levels: &BTreeSet<u8>) {
        let Some(raw) = self.shape::<RawTutorial>(file, node) else {
            return;
        };
        let line = spanned_line(&raw.id);
        let id = raw.id.to_string();
        let before = self.errors.len();
        if !valid_slug(&id) {
            self.err(
                file,
                line,
                format!("tutorial id {id:?} must use only a-z, 0-9 and -"),
            );
        }
        self.unique("tutorial", &id, file, line);
        let format = match raw.format.as_str() {
            "text" => TutorialFormat::Text,
            "page" => TutorialFormat::Page,
            "video" => TutorialFormat::Video,
            "audio" => TutorialFormat::Audio,
            "pdf" => TutorialFormat::Pdf,
            "tool" => TutorialFormat::Tool,
            other => {
                self.err(file, spanned_line(&raw.format), format!("tutorial {id}: unknown format {other:?} (text, page, video, audio, pdf or tool)"));
                TutorialFormat::Text
            }
        };
        if *raw.duration == 0 {
            self.err(
                file,
                spanned_line(&raw.duration),
                format!("tutorial {id}: duration is in minutes and at least 1"),
            );
        }
        match (&raw.text, &raw.url) {
            (Some(t), None) if !t.trim().is_empty() => {}
            (None, Some(u)) if u.starts_with("https://") || u.starts_with("http://") => {}
            (None, Some(u)) => self.err(
                file,
                spanned_line(u),
                format!(
                    "tutorial {id}: url {:?} must start with https://",
                    u.as_str()
                ),
            ),
            _ => self.err(
                file,
                line,
                format!("tutorial {id}: give exactly one of text and url"),
            ),
        }
        if raw.skills.is_empty() {
            self.err(
                file,
                line,
                format!("tutorial {id}: skills must list at least one level of the tube"),
            );
        }
        for s in &raw.skills {
            if !levels.contains(s) {
                self.err(
                    file,
                    spanned_line(s),
                    format!("tutorial {id}: the tube has no skill at level {}", **s),
                );
            }
        }
        if self.errors.len() != before {
            return;
        }
        self.data.tutorials.push(Tutorial {
            id,
            title: raw.title,
            format,
            duration_minutes: *raw.duration,
            locale: raw.locale.unwrap_or_else(|| "fr".into()),
            text: raw.text,
            url: raw.url.map(|u| u.to_string()),
            skills: raw
                .skills
                .iter()
                .map(|l| format!("{tube}{}", **l))
                .collect(),
        });
    }
}

fn localized(raw: RawLocalized) -> LocalizedText {
    let mut map = BTreeMap::from([("fr".to_owned(), raw.fr)]);
    if let Some(en) = raw.en {
        map.insert("en".to_owned(), en);
    }
    LocalizedText(map)
}

fn valid_tube_id(id: &str) -> bool {
    id.strip_prefix('@')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric()))
        && !id.ends_with(|c: char| c.is_ascii_digit())
}

fn valid_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A sample as the raw answer string the API would receive.
fn sample_to_raw(question: &Question, sample: &Value) -> Option<String> {
    match (question, sample) {
        (Question::Qcm { .. }, Value::List(items)) => {
            let parts: Option<Vec<&str>> = items.iter().map(Value::as_text).collect();
            Some(parts?.join(","))
        }
        (Question::Qcu { .. } | Question::Qcm { .. } | Question::Qroc { .. }, Value::Text(t)) => {
            Some(t.clone())
        }
        (Question::QrocmInd { .. } | Question::QrocmDep { .. }, Value::Map(map)) => {
            let object: Option<BTreeMap<&str, &str>> = map
                .iter()
                .map(|(k, v)| v.as_text().map(|t| (k.as_str(), t)))
                .collect();
            serde_json::to_string(&object?).ok()
        }
        (_, Value::Text(t)) if t == acquis_core::answer::SKIP => Some(t.clone()),
        _ => None,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Text(t) => format!("{t:?}"),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn load_error(e: &marked_yaml::LoadError) -> (Option<usize>, String) {
    use marked_yaml::LoadError::*;
    let text = e.to_string();
    // The display starts with "source:line:column: " for marked variants; keep only the message.
    // Marked variants display as "line:column: message"; the line goes in front separately.
    let message = match e {
        DuplicateKey(_) => text,
        _ => text
            .split_once(": ")
            .map(|(_, m)| m.trim().to_owned())
            .unwrap_or(text),
    };
    let marker = match e {
        TopLevelMustBeMapping(m)
        | TopLevelMustBeSequence(m)
        | UnexpectedAnchor(m)
        | MappingKeyMustBeScalar(m)
        | UnexpectedTag(m)
        | ScanError(m, _) => Some(m.line()),
        DuplicateKey(inner) => inner.key.span().start().map(|m| m.line()),
    };
    (marker, format!("YAML: {message}"))
}
