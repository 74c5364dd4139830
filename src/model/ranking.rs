//! The ranking of units by progress (`ranking: progress`): each unit's score is the mean of its
//! 完成率 over its tasks with figures; ties share a rank and the next rank skips (1、2、2、4).

use super::grid::UnitIx;
use super::pace::TaskPace;
use super::plan::{Plan, UnitKind};
use super::rate::percent_text;

/// Each unit's score over its tasks with figures, in canonical order; units without such
/// tasks are left out.
pub fn scores(plan: &Plan, paces: &[Option<TaskPace>]) -> Vec<Score> {
    let mut sums: Vec<(f64, usize)> = vec![(0.0, 0); plan.units.len()];
    for pace in paces.iter().flatten() {
        for unit in &pace.units {
            if let Some(sum) = sums.get_mut(unit.unit.0) {
                sum.0 += unit.rate.as_f64();
                sum.1 += 1;
            }
        }
    }
    sums.into_iter()
        .enumerate()
        .filter(|&(_, (_, tasks))| tasks > 0)
        .map(|(unit, (sum, tasks))| Score {
            unit: UnitIx(unit),
            score: sum / tasks as f64,
            tasks,
        })
        .collect()
}

/// The units the ranking compares: the towns with figures (the 县区 of 各县区综合排名); in a plan
/// whose figures are all departments', the departments.
pub fn ranked_units(plan: &Plan, scores: &[Score]) -> Vec<Ranked> {
    let kind_of = |score: &Score| plan.unit(score.unit).map(|u| u.kind);
    let towns: Vec<Score> = scores
        .iter()
        .filter(|s| kind_of(s) == Some(UnitKind::Town))
        .copied()
        .collect();
    if towns.is_empty() {
        rank(scores)
    } else {
        rank(&towns)
    }
}

/// A unit's score in the ranking: the mean of its 完成率 over its tasks with figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub unit: UnitIx,
    /// 0.0–1.0.
    pub score: f64,
    /// How many tasks with figures it has.
    pub tasks: usize,
}

impl Score {
    /// The score in tenths of a percent, as printed; units equal here share a rank.
    pub fn per_mille(&self) -> u64 {
        (self.score * 1000.0).round() as u64
    }

    pub fn percent_text(&self) -> String {
        percent_text(self.per_mille().into())
    }
}

/// A place in the ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub score: Score,
    /// 1, 2, 2, 4…
    pub rank: usize,
}

/// The units by score, highest first; units whose scores print the same share a rank and keep
/// the order given (the plan's), and the next rank skips (1、2、2、4).
pub fn rank(scores: &[Score]) -> Vec<Ranked> {
    let mut order: Vec<Score> = scores.to_vec();
    order.sort_by_key(|score| std::cmp::Reverse(score.per_mille()));
    let mut ranked: Vec<Ranked> = Vec::with_capacity(order.len());
    for (position, score) in order.into_iter().enumerate() {
        let rank = match ranked.last() {
            Some(last) if last.score.per_mille() == score.per_mille() => last.rank,
            _ => position + 1,
        };
        ranked.push(Ranked { score, rank });
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn score(unit: usize, per_mille: u64) -> Score {
        Score {
            unit: UnitIx(unit),
            score: per_mille as f64 / 1000.0,
            tasks: 1,
        }
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let ranked = rank(&[score(0, 500), score(1, 900), score(2, 500), score(3, 100)]);
        let places: Vec<(usize, usize)> = ranked.iter().map(|r| (r.score.unit.0, r.rank)).collect();
        assert_eq!(places, [(1, 1), (0, 2), (2, 2), (3, 4)]);
        // Scores that print alike (74.96% and 75.04% both read 75%) share a rank too.
        let ranked = rank(&[
            Score {
                unit: UnitIx(0),
                score: 0.749_6,
                tasks: 1,
            },
            Score {
                unit: UnitIx(1),
                score: 0.750_4,
                tasks: 1,
            },
        ]);
        assert_eq!(ranked[0].rank, ranked[1].rank);
        assert_eq!(ranked[0].score.percent_text(), "75%");
    }

    proptest! {
        #[test]
        fn the_ranking_is_a_permutation_of_the_units_with_ranks_that_never_fall_behind_scores(
            scores in proptest::collection::vec(0u64..1001, 0..30),
        ) {
            let scores: Vec<Score> = scores
                .iter()
                .enumerate()
                .map(|(unit, &s)| Score { unit: UnitIx(unit), score: s as f64 / 1000.0, tasks: 1 })
                .collect();
            let ranked = rank(&scores);
            let mut units: Vec<usize> = ranked.iter().map(|r| r.score.unit.0).collect();
            units.sort_unstable();
            prop_assert_eq!(units, (0..scores.len()).collect::<Vec<_>>());
            for (position, pair) in ranked.windows(2).enumerate() {
                prop_assert!(pair[0].score.per_mille() >= pair[1].score.per_mille());
                let expected = if pair[0].score.per_mille() == pair[1].score.per_mille() { pair[0].rank } else { position + 2 };
                prop_assert_eq!(pair[1].rank, expected);
            }
            if let Some(first) = ranked.first() {
                prop_assert_eq!(first.rank, 1);
            }
        }
    }
}
