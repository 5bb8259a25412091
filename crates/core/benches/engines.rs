//! One decision of each adaptive engine.
//!
//! Positioning runs on a synthetic framework of the real framework's size (16 competences ×
//! 10 tubes × 6 levels × 3 challenges), mid-test; IRT on a 1,000-item bank of 16 competences.

use std::hint::black_box;

use acquis_core::AnswerStatus;
use acquis_core::irt::{
    CapacityEstimator, IrtConfig, Item, ItemBank, ItemParams, Selection, TestState,
};
use acquis_core::positioning::{
    Attempt, Decision, KnowledgeElement, PositioningIndex, Situation, knowledge_elements_for,
    next_challenge,
};
use acquis_core::simulation::framework::{FrameworkShape, synthetic_framework};
use acquis_core::simulation::person_rng;
use criterion::{Criterion, criterion_group, criterion_main};
use rand::Rng;

fn positioning(c: &mut Criterion) {
    let framework = synthetic_framework(FrameworkShape::FULL);
    let index = PositioningIndex::new(&framework);
    let target = index.competence_target("1.1").expect("competence 1.1");
    // Play 12 answers of a learner who succeeds up to level 3.
    let mut knowledge: Vec<KnowledgeElement> = Vec::new();
    let mut answers = Vec::new();
    for _ in 0..12 {
        let situation = Situation {
            target: &target,
            knowledge: &knowledge,
            attempt: Attempt::Fresh,
            answers: &answers,
            locale: "fr",
            seed: 99,
        };
        let Decision::Next(next) = next_challenge(&index, &situation) else {
            break;
        };
        let level = framework.skill(&next.skill).map_or(0, |s| s.level);
        let status = if level <= 3 {
            AnswerStatus::Ok
        } else {
            AnswerStatus::Ko
        };
        let kes = knowledge_elements_for(
            &index,
            &target,
            &knowledge,
            Attempt::Fresh,
            &next.challenge,
            status,
            0,
        )
        .expect("served challenge");
        knowledge.extend(kes);
        answers.push(status);
    }
    let situation = Situation {
        target: &target,
        knowledge: &knowledge,
        attempt: Attempt::Fresh,
        answers: &answers,
        locale: "fr",
        seed: 99,
    };
    c.bench_function(
        "positioning: next challenge, full framework, mid-test",
        |b| b.iter(|| next_challenge(black_box(&index), black_box(&situation))),
    );
    let first = Situation {
        knowledge: &[],
        answers: &[],
        ..situation
    };
    c.bench_function("positioning: first challenge, full framework", |b| {
        b.iter(|| next_challenge(black_box(&index), black_box(&first)))
    });
}

fn irt_bank(n: usize) -> ItemBank {
    let mut rng = person_rng(1, 0);
    ItemBank::new(
        (0..n)
            .map(|i| Item {
                id: format!("i{i}"),
                params: ItemParams::two_pl(rng.random_range(0.5..2.0), rng.random_range(-3.0..3.0)),
                tube: (i / 3) as u32,
                competence: (i % 16) as u32,
            })
            .collect(),
    )
}

fn irt(c: &mut Criterion) {
    let bank = irt_bank(1000);
    let config = IrtConfig::certification();
    let selection = Selection::new(&bank, &config.selection);
    let mut state = TestState::new(&bank);
    let mut estimator = CapacityEstimator::new(&config);
    let mut rng = person_rng(2, 0);
    for _ in 0..20 {
        let capacity = estimator.estimate().capacity;
        let next = selection
            .choose(&state, capacity, &mut rng)
            .expect("items left");
        let ok = rng.random::<f64>() < bank.items()[next.item].params.probability(0.5);
        estimator.record(&bank.items()[next.item].params, ok);
        state.record(&bank, next.item);
    }
    let capacity = estimator.estimate().capacity;
    c.bench_function(
        "irt: choice over 1,000 items (top-5 walk, all rules)",
        |b| b.iter(|| selection.choose(black_box(&state), black_box(capacity), &mut rng)),
    );
    let params = bank.items()[0].params;
    c.bench_function("irt: one estimate update (81-point grid)", |b| {
        b.iter_batched_ref(
            || estimator.clone(),
            |e| e.record(black_box(&params), true),
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, positioning, irt);
criterion_main!(benches);
