//! The one sentence section 二 says about a task's units, in the contract's forms:
//! one group (均), two groups (其余), three groups (all named), or a department's own note.

use crate::model::{Classified, Plan, Task, TaskIx, TaskOutcome, UnitIx, UnitKind};

/// Units reported in one group of the sentence, with the predicate said of them.
struct Group<'a> {
    units: Vec<UnitIx>,
    predicate: &'a str,
}

/// The sentence of section 二 about a classified task's units, with their notes.
pub fn task_sentence(classified: &Classified, task: TaskIx) -> String {
    let (Some(plan_task), Some(outcome)) = (classified.plan.task(task), classified.outcome(task))
    else {
        return String::new();
    };
    unit_sentence(
        classified.plan,
        plan_task,
        outcome,
        classified.silent(),
        |unit| {
            classified
                .period
                .report(task, unit)
                .map_or("", |report| report.note.as_str())
        },
    )
}

/// The sentence about `task`'s units. `note_of(unit)` gives a unit's 说明 (empty if none);
/// `silent` are the units that sent nothing (`generate --allow-missing`), sorted: counted as not done,
/// as the contract says, and named where they are counted (`（其中东岭乡未报送）`).
pub fn unit_sentence<'n>(
    plan: &Plan,
    task: &Task,
    outcome: &TaskOutcome,
    silent: &[UnitIx],
    note_of: impl Fn(UnitIx) -> &'n str,
) -> String {
    let departments = departments_of(plan, task);
    let told = Told {
        silent,
        naming: Naming::AsWritten,
    };
    if departments.len() == task.assigned.len() {
        return departments_told(plan, task, outcome, &departments, told, note_of);
    }
    // On a task shared with towns, the towns are told in the contract's groups; each
    // department after them, by name, so a leader knows whose note it is.
    let groups = groups(task, outcome, &departments);
    let noun = plan.town_label.as_str();
    let named = |group: &Group| {
        format!(
            "{}{}个{}{}{}",
            plan.unit_names(&group.units),
            group.units.len(),
            noun,
            group.predicate,
            sent_nothing(plan, &group.units, silent)
        )
    };
    let body = match groups.as_slice() {
        [only] => format!(
            "{}{}",
            all_of(plan, &only.units, noun, only.predicate),
            sent_nothing(plan, &only.units, silent)
        ),
        // `name_all`: a 督查 bulletin names who is behind, not only how many.
        [first, rest] if plan.bulletin.name_all => format!("{}，{}", named(first), named(rest)),
        [first, rest] => {
            format!(
                "{}，其余{}个{}{}{}",
                named(first),
                rest.units.len(),
                noun,
                rest.predicate,
                sent_nothing(plan, &rest.units, silent)
            )
        }
        _ => groups.iter().map(named).collect::<Vec<_>>().join("，"),
    };
    let mut sentences = end_sentence(body);
    let told = Told {
        naming: Naming::Named,
        ..told
    };
    sentences.push_str(&departments_told(
        plan,
        task,
        outcome,
        &departments,
        told,
        note_of,
    ));
    sentences
}

/// `（其中东岭乡未报送）` after a clause that counts units that sent nothing among those not done
/// (section 一 says once that they count as not done), so the bulletin never counts them
/// silently; empty when none of `units` is silent.
fn sent_nothing(plan: &Plan, units: &[UnitIx], silent: &[UnitIx]) -> String {
    let silent: Vec<UnitIx> = units
        .iter()
        .copied()
        .filter(|unit| silent.binary_search(unit).is_ok())
        .collect();
    let names = silent_names(plan, &silent);
    match silent.len() {
        0 => String::new(),
        n if n == units.len() => format!("（{names}未报送）"),
        _ => format!("（其中{names}未报送）"),
    }
}

/// Past this many, the units that sent nothing are counted in a task's sentence, not named:
/// section 一 has named them once, and a list of them on every task would bury the sentence.
const NAMED_SILENT: usize = 5;

/// `东岭乡、北塘镇`, or `8个单位` past [`NAMED_SILENT`].
pub fn silent_names(plan: &Plan, silent: &[UnitIx]) -> String {
    if silent.len() > NAMED_SILENT {
        format!("{}个单位", silent.len())
    } else {
        plan.unit_names(silent)
    }
}

/// How departments are told: their notes named or as written, and the units that sent nothing.
#[derive(Clone, Copy)]
struct Told<'s> {
    silent: &'s [UnitIx],
    naming: Naming,
}

/// The departments among a task's units, in the plan's order.
pub fn departments_of(plan: &Plan, task: &Task) -> Vec<UnitIx> {
    task.assigned
        .iter()
        .copied()
        .filter(|&unit| plan.is_department(unit))
        .collect()
}

/// Whether a department's note is printed as written or led by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// A task of departments only: its notes are its narrative, as written (the contract).
    AsWritten,
    /// A task shared with towns: a note after the towns' sentence would read as theirs, so it
    /// is led by the department's name unless it already starts with it.
    Named,
}

/// A department's note, closed as a sentence and led by its name when `naming` asks for it.
pub fn department_note(plan: &Plan, unit: UnitIx, note: &str, naming: Naming) -> String {
    let note = note.trim();
    let name = plan.unit_name(unit);
    if naming == Naming::Named && !note.starts_with(name) {
        end_sentence(format!("{name}{note}"))
    } else {
        end_sentence(note.to_string())
    }
}

/// One clause on all of `units`, the task's units that are counted: `各镇（街道）均{predicate}`
/// when they are every town of the plan (whether or not departments share the task), else
/// `甲、乙2个县区均{predicate}` (not 各…, which would speak of units the task is not given to).
pub fn all_of(plan: &Plan, units: &[UnitIx], noun: &str, predicate: &str) -> String {
    if is_every_town(plan, units) {
        format!("各{noun}均{predicate}")
    } else {
        format!(
            "{}{}个{noun}均{predicate}",
            plan.unit_names(units),
            units.len()
        )
    }
}

/// Whether `units` (distinct, as a task's are) are every town of the plan.
fn is_every_town(plan: &Plan, units: &[UnitIx]) -> bool {
    let towns = plan
        .units
        .iter()
        .filter(|unit| unit.kind == UnitKind::Town)
        .count();
    towns > 0
        && units.len() == towns
        && units
            .iter()
            .all(|&unit| plan.unit(unit).is_some_and(|u| u.kind == UnitKind::Town))
}

/// The departments of a task that wrote a note (说明), in the plan's order: each is told by its
/// note, after the sentence on the task's units, with figures or without.
pub fn noted_departments<'n>(
    plan: &Plan,
    task: &Task,
    note_of: impl Fn(UnitIx) -> &'n str,
) -> Vec<UnitIx> {
    task.assigned
        .iter()
        .copied()
        .filter(|&unit| plan.is_department(unit) && !note_of(unit).trim().is_empty())
        .collect()
}

/// The notes of `units`, each closed as a sentence and named as `naming` asks.
pub fn notes_of<'n>(
    plan: &Plan,
    units: &[UnitIx],
    naming: Naming,
    note_of: impl Fn(UnitIx) -> &'n str,
) -> String {
    units
        .iter()
        .map(|&unit| department_note(plan, unit, note_of(unit), naming))
        .collect()
}

/// The non-empty groups in the order done, in progress, not started, leaving out the units
/// told apart. Units in progress are told with the not-started wording when the plan gives no
/// in-progress wording.
fn groups<'a>(task: &'a Task, outcome: &TaskOutcome, apart: &[UnitIx]) -> Vec<Group<'a>> {
    let wording = &task.wording;
    let done: Vec<UnitIx> = outcome.done.iter().map(|&(unit, _)| unit).collect();
    let mut groups = vec![Group {
        units: done,
        predicate: &wording.done,
    }];
    match &wording.in_progress {
        Some(predicate) => {
            groups.push(Group {
                units: outcome.in_progress.clone(),
                predicate,
            });
            groups.push(Group {
                units: outcome.not_started.clone(),
                predicate: &wording.not_started,
            });
        }
        None => {
            let mut not_done: Vec<UnitIx> = outcome
                .in_progress
                .iter()
                .chain(&outcome.not_started)
                .copied()
                .collect();
            not_done.sort_unstable();
            groups.push(Group {
                units: not_done,
                predicate: &wording.not_started,
            });
        }
    }
    for group in &mut groups {
        group.units.retain(|unit| !apart.contains(unit));
    }
    groups.retain(|group| !group.units.is_empty());
    groups
}

/// Each of `departments` by its note, named as `naming` asks; a department that wrote none is
/// told with the task's wording (县应急管理局尚未完成).
fn departments_told<'n>(
    plan: &Plan,
    task: &Task,
    outcome: &TaskOutcome,
    departments: &[UnitIx],
    told: Told,
    note_of: impl Fn(UnitIx) -> &'n str,
) -> String {
    let mut sentences = Vec::new();
    for &unit in departments {
        let note = note_of(unit).trim();
        if !note.is_empty() {
            sentences.push(department_note(plan, unit, note, told.naming));
            continue;
        }
        let name = plan.unit_name(unit);
        if told.silent.contains(&unit) {
            sentences.push(format!("{name}未报送，按未完成统计。"));
            continue;
        }
        let wording = &task.wording;
        let predicate = if outcome.is_done(unit) {
            &wording.done
        } else if outcome.in_progress.contains(&unit) {
            wording.in_progress.as_ref().unwrap_or(&wording.not_started)
        } else {
            &wording.not_started
        };
        sentences.push(end_sentence(format!("{name}{predicate}")));
    }
    sentences.concat()
}

/// Closes a sentence with 。 unless it already ends with a sentence mark, or with one inside
/// closing quotes or brackets (`…到位。”`). Task lists often leave the 。 off a task's text.
pub fn end_sentence(mut text: String) -> String {
    let ends = ['。', '！', '？', '；', '.', '!', '?'];
    let closers = ['”', '’', '」', '』', '"', '\''];
    if !text.trim_end_matches(closers).ends_with(ends) {
        text.push('。');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assignment, Deadline, Period, Status, Unit, Wording, classify_task};
    use chrono::NaiveDate;

    fn plan_of(towns: &[&str], departments: &[&str]) -> Plan {
        let town = |name: &&str| Unit {
            name: name.to_string(),
            kind: UnitKind::Town,
        };
        let dept = |name: &&str| Unit {
            name: name.to_string(),
            kind: UnitKind::Department,
        };
        let units = towns
            .iter()
            .map(town)
            .chain(departments.iter().map(dept))
            .collect();
        Plan::new(
            Default::default(),
            Default::default(),
            "镇（街道）".into(),
            units,
            Vec::new(),
            Vec::new(),
        )
    }

    fn task(assigned: Vec<usize>, assignment: Assignment, wording: Wording) -> Task {
        Task {
            id: 1,
            text: String::new(),
            deadline: Deadline::month(2021, 12).unwrap(),
            assigned: assigned.into_iter().map(UnitIx).collect(),
            assignment,
            wording,
            category: 0,
        }
    }

    fn sentence(plan: &Plan, task: &Task, statuses: &[(usize, Status, &str)]) -> String {
        let as_of = NaiveDate::from_ymd_opt(2021, 5, 24).unwrap();
        let rows = statuses.iter().map(|&(unit, status, note)| {
            let date = (status == Status::Done).then_some(as_of);
            (0, unit, status, date, note)
        });
        let period = Period::of_reports(as_of, (1, plan.units.len()), rows);
        let outcome = classify_task(task, &period, TaskIx(0));
        unit_sentence(plan, task, &outcome, &[], |unit| {
            statuses.iter().find(|s| s.0 == unit.0).map_or("", |s| s.2)
        })
    }

    fn wording(done: &str, in_progress: Option<&str>, not_started: &str) -> Wording {
        Wording {
            done: done.into(),
            in_progress: in_progress.map(Into::into),
            not_started: not_started.into(),
        }
    }

    #[test]
    fn two_groups_name_the_done_and_count_the_rest() {
        let plan = plan_of(&["瞻岐", "咸祥", "东吴"], &[]);
        let t = task(
            vec![0, 1, 2],
            Assignment::AllTowns,
            wording("已发文件成立应急管理委员会", None, "尚未成立"),
        );
        let text = sentence(
            &plan,
            &t,
            &[
                (0, Status::Done, ""),
                (1, Status::InProgress, ""),
                (2, Status::Done, ""),
            ],
        );
        assert_eq!(
            text,
            "瞻岐、东吴2个镇（街道）已发文件成立应急管理委员会，其余1个镇（街道）尚未成立。"
        );
    }

    #[test]
    fn three_groups_are_all_named_in_the_order_done_in_progress_not_started() {
        let plan = plan_of(&["中马", "洪塘", "庄桥", "慈城"], &[]);
        let t = task(
            vec![0, 1, 2, 3],
            Assignment::AllTowns,
            wording("已完成培训", Some("正在组织"), "尚未开展"),
        );
        let text = sentence(
            &plan,
            &t,
            &[
                (3, Status::NotStarted, ""),
                (1, Status::InProgress, ""),
                (0, Status::Done, ""),
                (2, Status::NotStarted, ""),
            ],
        );
        assert_eq!(
            text,
            "中马1个镇（街道）已完成培训，洪塘1个镇（街道）正在组织，庄桥、慈城2个镇（街道）尚未开展。"
        );
    }

    #[test]
    fn units_that_sent_nothing_are_named_up_to_five_then_counted() {
        let plan = plan_of(&["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"], &[]);
        let all: Vec<UnitIx> = (0..8).map(UnitIx).collect();
        let silent = |n: usize| -> Vec<UnitIx> { (0..n).map(UnitIx).collect() };
        assert_eq!(
            sent_nothing(&plan, &all, &silent(2)),
            "（其中甲、乙未报送）"
        );
        assert_eq!(
            sent_nothing(&plan, &all, &silent(5)),
            "（其中甲、乙、丙、丁、戊未报送）"
        );
        assert_eq!(
            sent_nothing(&plan, &all, &silent(6)),
            "（其中6个单位未报送）"
        );
        assert_eq!(sent_nothing(&plan, &all, &silent(8)), "（8个单位未报送）");
        assert_eq!(sent_nothing(&plan, &all, &[]), "");
    }

    #[test]
    fn in_progress_without_its_own_wording_is_told_as_not_started_in_canonical_order() {
        let plan = plan_of(&["甲", "乙", "丙"], &[]);
        let t = task(
            vec![0, 1, 2],
            Assignment::AllTowns,
            wording("已完成", None, "尚未完成"),
        );
        let text = sentence(
            &plan,
            &t,
            &[
                (0, Status::NotStarted, ""),
                (1, Status::Done, ""),
                (2, Status::InProgress, ""),
            ],
        );
        assert_eq!(text, "乙1个镇（街道）已完成，其余2个镇（街道）尚未完成。");
    }

    #[test]
    fn when_every_town_is_done_the_sentence_says_all() {
        let plan = plan_of(&["甲", "乙"], &[]);
        let t = task(
            vec![0, 1],
            Assignment::AllTowns,
            wording("已完成应急管理所组建工作", None, "尚未完成"),
        );
        let text = sentence(&plan, &t, &[(0, Status::Done, ""), (1, Status::Done, "")]);
        assert_eq!(text, "各镇（街道）均已完成应急管理所组建工作。");
    }

    #[test]
    fn a_task_of_some_towns_names_them_when_they_all_stand_alike() {
        let plan = plan_of(&["瞻岐", "咸祥", "东吴"], &[]);
        let t = task(
            vec![0, 1],
            Assignment::Some,
            wording("已落实", Some("正在落实"), "尚未落实"),
        );
        let text = sentence(
            &plan,
            &t,
            &[(0, Status::InProgress, ""), (1, Status::InProgress, "")],
        );
        assert_eq!(text, "瞻岐、咸祥2个镇（街道）均正在落实。");
    }

    #[test]
    fn a_departments_note_on_a_task_shared_with_towns_follows_the_towns_sentence_named() {
        let plan = plan_of(&["甲", "乙"], &["县应急管理局", "县住建局"]);
        let t = task(
            vec![0, 1, 2, 3],
            Assignment::Some,
            wording("已组建", Some("正在组建"), "尚未组建"),
        );
        let text = sentence(
            &plan,
            &t,
            &[
                (0, Status::Done, ""),
                (1, Status::InProgress, ""),
                (2, Status::InProgress, "已印发《考核细则》，年底组织考核"),
                (3, Status::Done, "县住建局已下发建设指南。"),
            ],
        );
        // A note without its subject is led by the department's name; one that starts with it
        // is left as written.
        assert_eq!(
            text,
            "甲1个镇（街道）已组建，其余1个镇（街道）正在组建。\
             县应急管理局已印发《考核细则》，年底组织考核。县住建局已下发建设指南。"
        );
    }

    #[test]
    fn a_department_without_a_note_on_a_shared_task_is_told_with_the_tasks_wording() {
        let plan = plan_of(&["甲", "乙"], &["县应急管理局", "县住建局"]);
        let t = task(
            vec![0, 1, 2, 3],
            Assignment::Some,
            wording("已组建", Some("正在组建"), "尚未组建"),
        );
        let text = sentence(
            &plan,
            &t,
            &[
                (0, Status::Done, ""),
                (1, Status::InProgress, ""),
                (2, Status::InProgress, ""),
            ],
        );
        assert_eq!(
            text,
            "甲1个镇（街道）已组建，其余1个镇（街道）正在组建。县应急管理局正在组建。县住建局尚未组建。"
        );
        // Without an in-progress wording, one in progress is told with the not-started one.
        let t = task(
            vec![0, 1, 2],
            Assignment::Some,
            wording("已完成", None, "尚未完成"),
        );
        let text = sentence(
            &plan,
            &t,
            &[
                (0, Status::Done, ""),
                (1, Status::Done, ""),
                (2, Status::InProgress, ""),
            ],
        );
        assert_eq!(text, "各镇（街道）均已完成。县应急管理局尚未完成。");
    }

    #[test]
    fn every_town_of_the_plan_reads_ge_label_even_when_departments_share_the_task() {
        let plan = plan_of(&["甲", "乙", "丙"], &["县应急管理局"]);
        let shared = task(
            vec![0, 1, 2, 3],
            Assignment::Some,
            wording("已完成", None, "尚未完成"),
        );
        let statuses = [
            (0, Status::InProgress, ""),
            (1, Status::NotStarted, ""),
            (2, Status::InProgress, ""),
            (3, Status::Done, "已印发《考核细则》"),
        ];
        assert_eq!(
            sentence(&plan, &shared, &statuses),
            "各镇（街道）均尚未完成。县应急管理局已印发《考核细则》。"
        );
        // A task that lists every town by name is every town's too.
        let listed = task(
            vec![0, 1, 2],
            Assignment::Some,
            wording("已完成", None, "尚未完成"),
        );
        assert_eq!(
            sentence(&plan, &listed, &statuses[..3]),
            "各镇（街道）均尚未完成。"
        );
        // Some of the towns are named and counted, never 各….
        let some = task(
            vec![0, 2, 3],
            Assignment::Some,
            wording("已完成", None, "尚未完成"),
        );
        assert_eq!(
            sentence(&plan, &some, &statuses),
            "甲、丙2个镇（街道）均尚未完成。县应急管理局已印发《考核细则》。"
        );
    }

    #[test]
    fn a_note_ending_in_a_closing_quote_after_its_full_stop_gets_no_second_one() {
        assert_eq!(end_sentence("已印发《通知》".into()), "已印发《通知》。");
        assert_eq!(
            end_sentence("提出“三个到位”。”".into()),
            "提出“三个到位”。”"
        );
        assert_eq!(end_sentence("建立“两张清单”".into()), "建立“两张清单”。");
        assert_eq!(
            end_sentence("正在推进（已完成80%）".into()),
            "正在推进（已完成80%）。"
        );
    }

    #[test]
    fn a_department_task_is_told_by_the_departments_note() {
        let plan = plan_of(&["甲"], &["公安分局", "区财政局"]);
        let t = task(vec![1, 2], Assignment::Some, Wording::default());
        let text = sentence(
            &plan,
            &t,
            &[
                (1, Status::InProgress, "公安分局出台了评估办法"),
                (2, Status::Done, ""),
            ],
        );
        assert_eq!(text, "公安分局出台了评估办法。区财政局已完成。");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::model::status::REPORTED as STATUSES;
    use crate::model::{Assignment, Deadline, Period, Status, Unit, Wording, classify_task};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    proptest! {
        /// The sentence accounts for every unit of the task exactly once: named, counted in
        /// 其余N个, or covered by 各…均; and names no unit that is not the task's. (The classes
        /// are tested in model/classify.rs.)
        #[test]
        fn sentences_name_each_unit_once(
            units in 1usize..9,
            tasks in proptest::collection::vec(
                (proptest::collection::vec(any::<bool>(), 8), 0u32..24, proptest::collection::vec(0usize..4, 8), 0u32..60, any::<bool>()),
                1..12,
            ),
            as_of_days in 0i64..900,
        ) {
            let start = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
            let as_of = start + chrono::Duration::days(as_of_days);
            let names: Vec<String> = (0..units).map(|u| format!("U{u:02}")).collect();
            let plan_units = names.iter().map(|name| Unit { name: name.clone(), kind: UnitKind::Town }).collect();
            let plan = Plan::new(Default::default(), Default::default(), "镇（街道）".into(), plan_units, Vec::new(), Vec::new());
            for (mask, month, statuses, done_day, with_progress_wording) in &tasks {
                let mut assigned: Vec<usize> = (0..units).filter(|&u| mask[u]).collect();
                let assignment = if assigned.is_empty() || assigned.len() == units {
                    assigned = (0..units).collect();
                    Assignment::AllTowns
                } else {
                    Assignment::Some
                };
                let deadline = Deadline::month(2021 + (*month / 12) as i32, month % 12 + 1).unwrap();
                let wording = Wording {
                    done: "已完成".into(),
                    in_progress: with_progress_wording.then(|| "正在推进".into()),
                    not_started: "尚未启动".into(),
                };
                let task = Task { id: 1, text: String::new(), deadline, assigned: assigned.iter().copied().map(UnitIx).collect(), assignment, wording, category: 0 };
                let rows = assigned.iter().filter_map(|&unit| {
                    let status = STATUSES[statuses[unit]]?;
                    let date = (status == Status::Done).then(|| start + chrono::Duration::days(*done_day as i64 * 10));
                    Some((0, unit, status, date, ""))
                });
                let period = Period::of_reports(as_of, (1, units), rows);
                let outcome = classify_task(&task, &period, TaskIx(0));

                let sentence = unit_sentence(&plan, &task, &outcome, &[], |_| "");
                // Each unit is named at most once; the two-group form counts the rest (其余N个)
                // instead of naming them, and 各…均 stands for all of them.
                if sentence.starts_with('各') {
                    prop_assert_eq!(assigned.len(), units, "各… on a task of some towns: {}", sentence);
                } else {
                    let named = assigned.iter().filter(|&&u| sentence.contains(names[u].as_str())).count();
                    for &unit in &assigned {
                        prop_assert!(sentence.matches(names[unit].as_str()).count() <= 1, "{} twice in {}", names[unit], sentence);
                    }
                    let rest: usize = sentence
                        .split_once("其余")
                        .and_then(|(_, tail)| tail.split_once('个'))
                        .and_then(|(n, _)| n.parse().ok())
                        .unwrap_or(0);
                    prop_assert_eq!(named + rest, assigned.len(), "{}", sentence);
                }
                for (unit, name) in names.iter().enumerate() {
                    if !assigned.contains(&unit) {
                        prop_assert!(!sentence.contains(name.as_str()), "{} is not the task's: {}", name, sentence);
                    }
                }
            }
        }
    }
}
