use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::irt::config::IrtConfig;
use crate::irt::model::{Item, ItemParams};

/// `competences` × `tubes` tubes × `per_tube` items, difficulties spread over [−3, 3].
fn bank(competences: u32, tubes: u32, per_tube: u32) -> ItemBank {
    let mut items = Vec::new();
    for c in 0..competences {
        for t in 0..tubes {
            for k in 0..per_tube {
                let n = items.len() as f64;
                items.push(Item {
                    id: format!("c{c}t{t}k{k}"),
                    params: ItemParams::two_pl(0.8 + (n * 0.37) % 1.2, -3.0 + (n * 0.61) % 6.0),
                    tube: c * tubes + t,
                    competence: c,
                });
            }
        }
    }
    ItemBank::new(items)
}

fn run_test(bank: &ItemBank, config: &SelectionConfig, length: usize, seed: u64) -> Vec<usize> {
    let selection = Selection::new(bank, config);
    let mut state = TestState::new(bank);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for k in 0..length {
        let capacity = -2.0 + 0.1 * k as f64;
        let Some(next) = selection.choose(&state, capacity, &mut rng) else {
            break;
        };
        state.record(bank, next.item);
    }
    state.history().to_vec()
}

#[test]
fn max_information_picks_the_most_informative_item() {
    let b = ItemBank::ungrouped([
        ("far".to_string(), ItemParams::two_pl(1.0, 3.0)),
        ("near".to_string(), ItemParams::two_pl(1.0, 0.1)),
        ("flat".to_string(), ItemParams::two_pl(0.2, 0.0)),
    ]);
    let config = SelectionConfig {
        top: 1,
        ..IrtConfig::certification().selection
    };
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let s = Selection::new(&b, &config)
        .choose(&TestState::new(&b), 0.0, &mut rng)
        .unwrap();
    assert_eq!(s.item, 1);
    assert_eq!(s.rank, 0);
}

#[test]
fn the_walk_stops_at_each_of_the_five_best_with_probability_051() {
    let b = ItemBank::ungrouped(
        (0..10).map(|i| (format!("i{i}"), ItemParams::two_pl(1.0, f64::from(i)))),
    );
    let config = IrtConfig::certification().selection;
    let selection = Selection::new(&b, &config);
    let state = TestState::new(&b);
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let mut ranks = [0usize; 5];
    let draws = 40_000;
    for _ in 0..draws {
        let s = selection.choose(&state, 0.0, &mut rng).unwrap();
        assert_eq!(s.candidates.len(), 5);
        assert!(s.candidates.windows(2).all(|w| w[0].1 >= w[1].1));
        ranks[s.rank] += 1;
    }
    let expected = [0.51, 0.2499, 0.122451, 0.06000099, 0.06000099 * 0.49 / 0.51];
    for (got, want) in ranks.iter().zip(expected) {
        let share = *got as f64 / draws as f64;
        assert!((share - want).abs() < 0.01, "{ranks:?}");
    }
}

#[test]
fn ties_keep_the_bank_order() {
    let b = ItemBank::ungrouped((0..8).map(|i| (format!("i{i}"), ItemParams::two_pl(1.0, 0.0))));
    let config = IrtConfig::certification().selection;
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let s = Selection::new(&b, &config)
        .choose(&TestState::new(&b), 0.0, &mut rng)
        .unwrap();
    let order: Vec<usize> = s.candidates.iter().map(|c| c.0).collect();
    assert_eq!(order, [0, 1, 2, 3, 4]);
}

#[test]
fn a_test_never_asks_an_item_twice_nor_two_items_of_a_tube() {
    let b = bank(4, 5, 3);
    let config = IrtConfig::certification().selection;
    for seed in 0..20 {
        let asked = run_test(&b, &config, 100, seed);
        assert_eq!(asked.len(), 20, "one item per tube: 20 tubes");
        let mut tubes: Vec<u32> = asked.iter().map(|&i| b.items()[i].tube).collect();
        tubes.sort_unstable();
        tubes.dedup();
        assert_eq!(tubes.len(), 20);
    }
}

#[test]
fn every_competence_comes_before_any_repeats() {
    let b = bank(16, 4, 3);
    let config = IrtConfig::certification().selection;
    for seed in 0..20 {
        let asked = run_test(&b, &config, 32, seed);
        let mut first: Vec<u32> = asked[..16]
            .iter()
            .map(|&i| b.items()[i].competence)
            .collect();
        first.sort_unstable();
        first.dedup();
        assert_eq!(first.len(), 16, "seed {seed}");
    }
}

#[test]
fn a_competence_is_not_repeated_within_the_spacing_window() {
    let b = bank(16, 4, 3);
    let config = IrtConfig::certification().selection;
    let n = config.competence_spacing;
    for seed in 0..20 {
        let asked = run_test(&b, &config, 32, seed);
        let comps: Vec<u32> = asked.iter().map(|&i| b.items()[i].competence).collect();
        for (k, c) in comps.iter().enumerate() {
            let window = &comps[k.saturating_sub(n)..k];
            assert!(!window.contains(c), "seed {seed}: {comps:?}");
        }
    }
}

#[test]
fn rules_relax_rather_than_end_the_test_early() {
    // Two competences only, spacing 8: after both are covered, spacing cannot hold.
    let b = bank(2, 6, 1);
    let config = IrtConfig::certification().selection;
    let asked = run_test(&b, &config, 12, 3);
    assert_eq!(asked.len(), 12);
}

#[test]
fn the_same_seed_replays_the_same_test() {
    let b = bank(16, 4, 3);
    let config = IrtConfig::certification().selection;
    assert_eq!(run_test(&b, &config, 32, 77), run_test(&b, &config, 32, 77));
    assert_ne!(run_test(&b, &config, 32, 77), run_test(&b, &config, 32, 78));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    #[test]
    fn the_pruned_scan_finds_what_a_full_scan_finds(
        items in proptest::collection::vec((0.1f64..3.0, -4.0f64..4.0, 0.0f64..0.3, 0.8f64..1.0, 0u32..6), 1..120),
        used in proptest::collection::vec(proptest::bool::weighted(0.3), 120),
        capacity in -5.0f64..5.0,
        top in 1usize..7,
    ) {
        let bank = ItemBank::new(
            items
                .iter()
                .enumerate()
                .map(|(i, &(a, b, c, d, comp))| Item {
                    id: format!("i{i}"),
                    params: ItemParams { a, b, c: if i % 2 == 0 { 0.0 } else { c }, d: if i % 2 == 0 { 1.0 } else { d } },
                    tube: NO_GROUP,
                    competence: comp,
                })
                .collect(),
        );
        let mut state = TestState::new(&bank);
        for (i, _) in used.iter().enumerate().take(bank.len()).filter(|(_, u)| **u) {
            state.record(&bank, i);
        }
        let config = SelectionConfig { top, ..IrtConfig::certification().selection };
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let got = Selection::new(&bank, &config).choose(&state, capacity, &mut rng);
        // Full scan, same eligibility rule as reported by the selection.
        let Some(got) = got else {
            proptest::prop_assert!(used[..bank.len()].iter().all(|&u| u));
            return Ok(());
        };
        let items_ = bank.items();
        let recent: Vec<u32> = state.history().iter().rev().take(config.competence_spacing).map(|&i| items_[i].competence).collect();
        let counts = |c: u32| state.history().iter().filter(|&&i| items_[i].competence == c).count();
        let mut all: Vec<(usize, f64)> = (0..bank.len())
            .filter(|&i| !state.is_used(i))
            .filter(|&i| match got.eligibility {
                Eligibility::UncoveredCompetences => counts(items_[i].competence) == 0,
                Eligibility::SpacedCompetences => !recent.contains(&items_[i].competence),
                Eligibility::Any => true,
            })
            .map(|i| (i, items_[i].params.information(capacity)))
            .collect();
        all.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        all.truncate(top);
        proptest::prop_assert_eq!(got.candidates, all);
    }
}

#[test]
fn sympson_hetter_with_parameters_of_one_is_maximum_information() {
    let b = bank(4, 5, 3);
    let v4 = IrtConfig::certification_exposure_controlled();
    let max_info = SelectionConfig {
        top: 1,
        exposure: ExposureControl::TopWalk,
        ..v4.selection.clone()
    };
    let ones = ExposureParameters::ones(b.len());
    let mut state = TestState::new(&b);
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for k in 0..12 {
        let capacity = -1.0 + 0.2 * k as f64;
        let sh = Selection::with_exposure(&b, &v4.selection, &ones)
            .choose(&state, capacity, &mut rng)
            .unwrap();
        let plain = Selection::new(&b, &max_info)
            .choose(&state, capacity, &mut rng)
            .unwrap();
        let without = Selection::new(&b, &v4.selection)
            .choose(&state, capacity, &mut rng)
            .unwrap();
        assert_eq!(sh.item, plain.item);
        assert_eq!(without.item, plain.item);
        assert_eq!(sh.eligibility, plain.eligibility);
        state.record(&b, sh.item);
    }
}

#[test]
fn sympson_hetter_skips_an_item_it_never_accepts_and_draws_the_others() {
    let b = ItemBank::ungrouped([
        ("best".to_string(), ItemParams::two_pl(2.0, 0.0)),
        ("second".to_string(), ItemParams::two_pl(1.5, 0.0)),
        ("third".to_string(), ItemParams::two_pl(1.0, 0.0)),
    ]);
    let v4 = IrtConfig::certification_exposure_controlled();
    let never_best = ExposureParameters::new(vec![0.0, 0.5, 1.0]);
    let selection = Selection::with_exposure(&b, &v4.selection, &never_best);
    let mut counts = [0; 3];
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for _ in 0..2000 {
        let s = selection
            .choose(&TestState::new(&b), 0.0, &mut rng)
            .unwrap();
        assert_eq!(s.candidates[s.rank].0, s.item);
        assert!(s.candidates.windows(2).all(|w| w[0].1 >= w[1].1));
        counts[s.item] += 1;
    }
    assert_eq!(counts[0], 0);
    assert!((900..1100).contains(&counts[1]), "{counts:?}");
    // Nothing is ever accepted: the most informative item is the fallback.
    let zeros = ExposureParameters::new(vec![0.0; 3]);
    let s = Selection::with_exposure(&b, &v4.selection, &zeros)
        .choose(&TestState::new(&b), 0.0, &mut rng)
        .unwrap();
    assert_eq!(s.item, 0);
}
