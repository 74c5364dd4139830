//! What the bulletin says of progress figures (序时进度): a task's figures and its units behind,
//! the ranking line of section 一, and the 牵头单位 notes, in the contract's wording.

use crate::model::pace::TaskPace;
use crate::model::ranking::{Ranked, Score, ranked_units, scores};
use crate::model::{Classified, Plan, Task, TaskIx, UnitIx, UnitKind};

use super::numerals::chinese_numeral;
use super::wording::{Naming, all_of, departments_of, end_sentence, noted_departments, notes_of};

/// Section 二's sentences for a task with figures: its figures, then who is behind
/// (`已完成860套，完成率71.7%（序时进度74.8%）。进度较慢的为舒城县、金安区。`), or past its
/// deadline who has not finished; then the notes of its departments that wrote one. `None` for
/// a task without figures.
pub fn progress_sentence(classified: &Classified, task: TaskIx) -> Option<String> {
    let plan = classified.plan;
    let pace = classified.pace(task)?;
    let plan_task = plan.task(task)?;
    let past_deadline = plan_task.deadline.is_due(classified.period.as_of);
    let note_of = |unit| {
        classified
            .period
            .report(task, unit)
            .map_or("", |r| r.note.as_str())
    };
    let mut text = figures(plan, task, pace, past_deadline);
    let silent: Vec<UnitIx> = plan_task
        .assigned
        .iter()
        .copied()
        .filter(|&unit| classified.sent_nothing(unit))
        .collect();
    text.push_str(&standing(
        plan,
        plan_task,
        (pace, &silent),
        past_deadline,
        note_of,
    ));
    // On a task shared with towns a department's note is led by its name (it would read as
    // the towns'); on a department's own task it is its narrative, as written.
    let naming = if plan.departments_only(plan_task) {
        Naming::AsWritten
    } else {
        Naming::Named
    };
    text.push_str(&notes_of(
        plan,
        &noted_departments(plan, plan_task, note_of),
        naming,
        note_of,
    ));
    Some(text)
}

/// `已完成860套，完成率71.7%（序时进度74.8%）。`, or without a target `完成率71.7%（序时进度74.8%）。`;
/// past the deadline the pace is all of it and goes unsaid: `已完成18所，完成率60%。`
fn figures(plan: &Plan, task: TaskIx, pace: &TaskPace, past_deadline: bool) -> String {
    let rates = if past_deadline {
        format!("完成率{}。", pace.rate.percent_text())
    } else {
        format!(
            "完成率{}（序时进度{}）。",
            pace.rate.percent_text(),
            pace.expected.percent_text()
        )
    };
    match pace.totals {
        Some(totals) => format!(
            "已完成{}{}，{rates}",
            totals.reached.text(),
            plan.goal(task).measure
        ),
        None => rates,
    }
}

/// Who is behind, in the plan's order; or that none is; or that all are done. Past the
/// deadline, who has not finished: a unit there is overdue, not slower than the calendar.
/// The units that sent nothing (`silent`, `generate --allow-missing`) count as not done in the
/// figures but are not called behind: they are said apart (`东河县未报送，按未完成统计。`).
fn standing<'n>(
    plan: &Plan,
    task: &Task,
    (pace, silent): (&TaskPace, &[UnitIx]),
    past_deadline: bool,
    note_of: impl Fn(UnitIx) -> &'n str,
) -> String {
    if silent.is_empty() {
        return standing_of_reported(plan, task, pace, past_deadline, note_of);
    }
    let names = super::wording::silent_names(plan, silent);
    let told = format!("{names}未报送，按未完成统计");
    let reported = |units: Vec<UnitIx>| -> Vec<UnitIx> {
        units.into_iter().filter(|u| !silent.contains(u)).collect()
    };
    let rest: Vec<UnitIx> = reported(task.assigned.clone());
    if rest.is_empty() {
        return format!("{told}。");
    }
    let not_done = reported(
        pace.units
            .iter()
            .filter(|u| !u.done)
            .map(|u| u.unit)
            .collect(),
    );
    let behind = reported(pace.behind_units());
    let serious = reported(pace.serious_units());
    let noun = plan.noun_for(&rest);
    let all_well = if past_deadline {
        not_done.is_empty()
    } else {
        behind.is_empty()
    };
    if all_well {
        let predicate = if past_deadline {
            "已完成"
        } else {
            "按序时推进"
        };
        return format!("{told}；其余{}个{noun}均{predicate}。", rest.len());
    }
    let others = if past_deadline {
        format!("逾期未完成的为{}。", plan.unit_names(&not_done))
    } else {
        behind_sentence(plan, &behind, &serious)
    };
    format!("{others}{told}。")
}

/// [`standing`] when every unit of the task reported.
fn standing_of_reported<'n>(
    plan: &Plan,
    task: &Task,
    pace: &TaskPace,
    past_deadline: bool,
    note_of: impl Fn(UnitIx) -> &'n str,
) -> String {
    let behind = pace.behind_units();
    let serious = pace.serious_units();
    if let [only] = task.assigned.as_slice() {
        let name = plan.unit_name(*only);
        return match (
            pace.all_done(),
            past_deadline,
            behind.is_empty(),
            serious.is_empty(),
        ) {
            (true, _, _, _) => format!("{name}已完成。"),
            (_, true, _, _) => format!("{name}逾期未完成。"),
            (_, _, true, _) => format!("{name}按序时推进。"),
            (_, _, _, true) => format!("{name}进度较慢。"),
            _ => format!("{name}严重滞后。"),
        };
    }
    if pace.all_done() {
        return all_alike(plan, task, "已完成", note_of);
    }
    if past_deadline {
        let not_done: Vec<UnitIx> = pace
            .units
            .iter()
            .filter(|u| !u.done)
            .map(|u| u.unit)
            .collect();
        return format!("逾期未完成的为{}。", plan.unit_names(&not_done));
    }
    if behind.is_empty() {
        return all_alike(plan, task, "按序时推进", note_of);
    }
    behind_sentence(plan, &behind, &serious)
}

/// `进度较慢的为甲、乙。其中严重滞后的为乙。`
fn behind_sentence(plan: &Plan, behind: &[UnitIx], serious: &[UnitIx]) -> String {
    let names = plan.unit_names(behind);
    match serious.len() {
        0 => format!("进度较慢的为{names}。"),
        // Every unit behind is seriously behind: said once, not named twice.
        n if n == behind.len() && n == 1 => format!("进度较慢的为{names}，严重滞后。"),
        n if n == behind.len() => format!("进度较慢的为{names}，均严重滞后。"),
        _ => format!(
            "进度较慢的为{names}。其中严重滞后的为{}。",
            plan.unit_names(serious)
        ),
    }
}

/// All of a task's units standing alike: `各县区均按序时推进。`; on a task shared with towns
/// the towns are one clause (各县区 when they are every town) and each department is told after
/// (`市文旅局按序时推进。`) unless its note, which follows, tells it — as in the sentence of a
/// task without figures.
fn all_alike<'n>(
    plan: &Plan,
    task: &Task,
    predicate: &str,
    note_of: impl Fn(UnitIx) -> &'n str,
) -> String {
    let departments = departments_of(plan, task);
    let towns: Vec<UnitIx> = task
        .assigned
        .iter()
        .copied()
        .filter(|unit| !departments.contains(unit))
        .collect();
    if towns.is_empty() {
        return end_sentence(all_of(plan, &departments, "单位", predicate));
    }
    let mut text = end_sentence(all_of(plan, &towns, &plan.town_label, predicate));
    for &unit in departments
        .iter()
        .filter(|&&unit| note_of(unit).trim().is_empty())
    {
        text.push_str(&end_sentence(format!(
            "{}{predicate}",
            plan.unit_name(unit)
        )));
    }
    text
}

/// The ranking of a classified period with `ranking: progress`: the units by score.
pub fn ranking(classified: &Classified) -> Vec<Ranked> {
    let plan = classified.plan;
    if !plan.pace.rules.ranking {
        return Vec::new();
    }
    // A unit that sent nothing (`--allow-missing`) is not ranked: its 0% would say it did
    // nothing; the annex lists it after the ranked units.
    let scores: Vec<Score> = progress_scores(classified)
        .into_iter()
        .filter(|score| !classified.sent_nothing(score.unit))
        .collect();
    ranked_units(plan, &scores)
}

/// Every unit's score over its tasks with figures, in canonical order.
pub fn progress_scores(classified: &Classified) -> Vec<Score> {
    scores(classified.plan, classified.paces())
}

/// The noun of the ranking: the towns' label when towns are ranked, else 单位.
pub fn ranking_noun<'p>(plan: &'p Plan, ranked: &[Ranked]) -> &'p str {
    let towns = ranked.iter().any(|r| {
        plan.unit(r.score.unit)
            .is_some_and(|u| u.kind == UnitKind::Town)
    });
    if towns { &plan.town_label } else { "单位" }
}

/// Section 一's ranking line, numbered after `lines` lines:
/// `（五）各县区综合排名：1、金寨县；2、裕安区；2、霍山县；4、舒城县。`
pub fn ranking_line(plan: &Plan, ranked: &[Ranked], lines: usize) -> Option<String> {
    if ranked.is_empty() {
        return None;
    }
    let places: Vec<String> = ranked
        .iter()
        .map(|r| format!("{}、{}", r.rank, plan.unit_name(r.score.unit)))
        .collect();
    Some(format!(
        "（{}）各{}综合排名：{}。",
        chinese_numeral(lines + 1),
        ranking_noun(plan, ranked),
        places.join("；")
    ))
}

/// `（牵头单位：市住建局）`
pub fn lead_note(lead: &str) -> String {
    format!("（牵头单位：{lead}）")
}

/// A task's text with its own 牵头单位 before the closing 。 — printed only where it differs
/// from its category's, which the heading carries.
pub fn text_with_lead(plan: &Plan, task: TaskIx, text: String) -> String {
    let own = plan.goal(task).lead.as_deref();
    let category = plan.task(task).and_then(|t| plan.category_lead(t.category));
    match own {
        Some(lead) if Some(lead) != category => {
            let body = text.strip_suffix('。').unwrap_or(&text);
            end_sentence(format!("{body}{}", lead_note(lead)))
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::pace::{Figure, Milli};
    use crate::model::{Period, Report, Status, UnitIx, classify_period};

    /// Towns 甲 乙 丙 and a department 局; task 1 with 100套 each (丙 200), task 2 reported in
    /// percentages, task 3 the department's own; the clock runs through 2025, as of 30 September
    /// (74.8% expected).
    const PLAN: &str = "ranking: progress\npace:\n  start: 2025-01-01\nunits:\n  label: 县区\n  towns: [甲, 乙, 丙]\n  departments: [局]\ncategories:\n  - title: 住房\n    lead: 市住建局\n    tasks:\n      - id: 1\n        text: 改造。\n        deadline: 2025-12\n        target: 100\n        measure: 套\n        targets: {丙: 200}\n      - id: 2\n        text: 义诊\n        deadline: 2025-12\n        lead: 市卫健委\n      - id: 3\n        text: 书房。\n        deadline: 2025-12\n        assigned: [局]\n        target: 10\n        measure: 家\n        lead: 市住建局\n";

    /// (task, unit, status, figure) rows; a figure on task 1 or 3 is a quantity, on 2 a percentage.
    fn classified_text(rows: &[(usize, usize, Status, Option<u64>)]) -> Vec<String> {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
        let mut period = Period::new(as_of, 3, 4);
        for &(task, unit, status, figure) in rows {
            let date = (status == Status::Done).then_some(as_of);
            let report = Report {
                status,
                date,
                note: String::new(),
            };
            period.set(TaskIx(task), UnitIx(unit), report);
            if let Some(value) = figure {
                let value = Milli::whole(value);
                let figure = if task == 1 {
                    Figure::Percent(value)
                } else {
                    Figure::Quantity(value)
                };
                period.set_figure(TaskIx(task), UnitIx(unit), figure);
            }
        }
        let classified = classify_period(&plan, &period);
        let mut lines: Vec<String> = (0..3)
            .filter_map(|task| progress_sentence(&classified, TaskIx(task)))
            .collect();
        lines.extend(ranking_line(&plan, &ranking(&classified), 0));
        lines
    }

    use Status::{Done, InProgress, NotStarted};

    #[test]
    fn figures_then_the_units_behind_in_the_plans_order_and_the_seriously_behind() {
        let lines = classified_text(&[
            (0, 0, InProgress, Some(60)),
            (0, 1, InProgress, Some(80)),
            (0, 2, InProgress, Some(100)),
            (1, 0, InProgress, Some(90)),
            (1, 1, Done, None),
            (1, 2, NotStarted, None),
            (2, 3, InProgress, Some(8)),
        ]);
        assert_eq!(
            lines,
            [
                // (60 + 80 + 100) / 400 = 60%; 丙 at 50% is 24.8 points behind.
                "已完成240套，完成率60%（序时进度74.8%）。进度较慢的为甲、丙。其中严重滞后的为丙。",
                // (90 + 100 + 0) / 3 = 63.3%.
                "完成率63.3%（序时进度74.8%）。进度较慢的为丙，严重滞后。",
                "已完成8家，完成率80%（序时进度74.8%）。局按序时推进。",
                // 甲 (60 + 90) / 2 = 75%, 乙 (80 + 100) / 2 = 90%, 丙 (50 + 0) / 2 = 25%.
                "（一）各县区综合排名：1、乙；2、甲；3、丙。",
            ]
        );
    }

    #[test]
    fn none_behind_all_done_and_a_single_unit_are_said_plainly() {
        let lines = classified_text(&[
            (0, 0, InProgress, Some(80)),
            (0, 1, InProgress, Some(75)),
            (0, 2, Done, None),
            (1, 0, Done, None),
            (1, 1, Done, None),
            (1, 2, Done, Some(100)),
            (2, 3, NotStarted, None),
        ]);
        assert_eq!(
            lines,
            [
                // 75/100 = 75% is ahead of 74.8%; 丙 done counts its 200 in full.
                "已完成355套，完成率88.8%（序时进度74.8%）。各县区均按序时推进。",
                "完成率100%（序时进度74.8%）。各县区均已完成。",
                "已完成0家，完成率0%（序时进度74.8%）。局严重滞后。",
                // 甲 (80 + 100) / 2 = 90%, 乙 (75 + 100) / 2 = 87.5%, 丙 100%.
                "（一）各县区综合排名：1、丙；2、甲；3、乙。",
            ]
        );
    }

    #[test]
    fn units_whose_scores_print_alike_share_a_rank() {
        let lines = classified_text(&[
            (0, 0, InProgress, Some(50)),
            (0, 1, InProgress, Some(50)),
            (0, 2, InProgress, Some(200)),
            (1, 0, InProgress, Some(50)),
            (1, 1, InProgress, Some(50)),
            (1, 2, InProgress, Some(10)),
        ]);
        assert_eq!(
            lines.last().map(String::as_str),
            Some("（一）各县区综合排名：1、丙；2、甲；2、乙。")
        );
    }

    /// Towns 甲 乙 丙 and a department 局: task 1 (10所 each) was due in June; task 2 is 甲's
    /// and 乙's; task 3 is shared by 甲 and 局, task 5 by every town and 局. As of 30 September 2025 (74.8% expected).
    const SHARED: &str = "pace:\n  start: 2025-01-01\nunits:\n  label: 县区\n  towns: [甲, 乙, 丙]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-06\n        target: 10\n        measure: 所\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n        assigned: [甲, 乙]\n      - id: 3\n        text: 三。\n        deadline: 2025-12\n        assigned: [甲, 局]\n      - id: 4\n        text: 四。\n        deadline: 2025-08\n        assigned: [丙]\n      - id: 5\n        text: 五。\n        deadline: 2025-12\n        assigned: [甲, 乙, 丙, 局]\n";

    /// Section 二's sentence of each task of [`SHARED`] the rows are on: (task, unit, status, a
    /// quantity on task 1 or a percentage elsewhere, note) rows.
    fn shared_text(rows: &[(usize, usize, Status, Option<u64>, &str)]) -> Vec<String> {
        let plan = parse_plan("plan.yaml", SHARED).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
        let mut period = Period::new(as_of, 5, 4);
        for &(task, unit, status, figure, note) in rows {
            let report = Report {
                status,
                date: (status == Status::Done).then_some(as_of),
                note: note.to_string(),
            };
            period.set(TaskIx(task), UnitIx(unit), report);
            if let Some(value) = figure {
                let value = Milli::whole(value);
                let figure = if task == 0 {
                    Figure::Quantity(value)
                } else {
                    Figure::Percent(value)
                };
                period.set_figure(TaskIx(task), UnitIx(unit), figure);
            }
        }
        let classified = classify_period(&plan, &period);
        // The tasks the rows are on (task 1 has a target, so it always has figures).
        let mut tasks: Vec<usize> = rows.iter().map(|row| row.0).collect();
        tasks.dedup();
        tasks
            .into_iter()
            .filter_map(|task| progress_sentence(&classified, TaskIx(task)))
            .collect()
    }

    #[test]
    fn a_task_past_its_deadline_names_who_has_not_finished_without_the_pace() {
        let lines = shared_text(&[
            (0, 0, Done, None, ""),
            (0, 1, InProgress, Some(8), ""),
            (0, 2, NotStarted, None, ""),
            (3, 2, InProgress, Some(90), ""),
        ]);
        assert_eq!(
            lines,
            [
                // (10 + 8 + 0) / 30 = 60%: the deadline has passed, so no 序时进度 and no 进度较慢.
                "已完成18所，完成率60%。逾期未完成的为乙、丙。",
                "完成率90%。丙逾期未完成。",
            ]
        );
    }

    #[test]
    fn a_task_of_some_units_none_behind_names_them_and_counts_them() {
        let lines = shared_text(&[
            (1, 0, InProgress, Some(80), ""),
            (1, 1, InProgress, Some(90), ""),
        ]);
        assert_eq!(
            lines,
            ["完成率85%（序时进度74.8%）。甲、乙2个县区均按序时推进。"]
        );
    }

    #[test]
    fn a_departments_note_on_a_task_shared_with_towns_follows_the_figures() {
        let lines = shared_text(&[
            (2, 0, InProgress, Some(80), ""),
            (2, 3, InProgress, Some(60), "已建成城市书房6家"),
        ]);
        assert_eq!(
            lines,
            ["完成率70%（序时进度74.8%）。进度较慢的为局。局已建成城市书房6家。"]
        );
    }

    #[test]
    fn every_town_of_a_shared_task_reads_ge_label_and_its_department_is_told_after() {
        let on_pace = shared_text(&[
            (4, 0, InProgress, Some(80), ""),
            (4, 1, InProgress, Some(90), ""),
            (4, 2, InProgress, Some(100), ""),
            (4, 3, InProgress, Some(75), ""),
        ]);
        assert_eq!(
            on_pace,
            ["完成率86.3%（序时进度74.8%）。各县区均按序时推进。局按序时推进。"]
        );
        let done = shared_text(&[
            (4, 0, Done, None, ""),
            (4, 1, Done, None, ""),
            (4, 2, Done, None, ""),
            (4, 3, Done, Some(100), "已印发《办法》"),
        ]);
        assert_eq!(
            done,
            ["完成率100%（序时进度74.8%）。各县区均已完成。局已印发《办法》。"]
        );
    }

    #[test]
    fn a_lead_is_printed_with_its_task_only_where_it_differs_from_its_categorys() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let text = |task: usize, text: &str| text_with_lead(&plan, TaskIx(task), text.to_string());
        assert_eq!(text(0, "改造。"), "改造。");
        assert_eq!(text(1, "义诊。"), "义诊（牵头单位：市卫健委）。");
        assert_eq!(text(2, "书房。"), "书房。");
        assert_eq!(plan.lead_of(TaskIx(1)), Some("市卫健委"));
    }
}
