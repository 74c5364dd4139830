//! Reading a sheet's unit and task cells against the plan, with suggestions for slips.

use crate::load::sheet::Cell;
use crate::model::{Plan, UnitIx};
use crate::suggest;

/// How a unit cell matched the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitMatch {
    Exact(UnitIx),
    /// Written with its 镇/街道/乡 suffix (邱隘镇 for 邱隘): read, with a warning.
    Alias(UnitIx),
    Unknown,
}

/// Suffixes a clerk adds to a town's short name.
const SUFFIXES: [&str; 4] = ["街道办事处", "街道", "镇", "乡"];

pub fn resolve_unit(plan: &Plan, text: &str) -> UnitMatch {
    let text = text.trim();
    if let Some(unit) = plan.unit_index(text) {
        return UnitMatch::Exact(unit);
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(unit) = plan.unit_index(&compact) {
        return UnitMatch::Alias(unit);
    }
    for suffix in SUFFIXES {
        if let Some(short) = compact.strip_suffix(suffix)
            && let Some(unit) = plan.unit_index(short)
        {
            return UnitMatch::Alias(unit);
        }
    }
    UnitMatch::Unknown
}

/// "，是否为“钟公庙”？" for a near miss; otherwise the plan's units, so the clerk can pick.
pub fn unit_hint(plan: &Plan, text: &str) -> String {
    let names = plan.units.iter().map(|unit| unit.name.as_str());
    match suggest::closest(text.trim(), names) {
        Some(close) => format!("，是否为“{close}”？"),
        None => {
            let all: Vec<&str> = plan.units.iter().map(|unit| unit.name.as_str()).collect();
            format!("；本计划的单位有：{}", all.join("、"))
        }
    }
}

/// `3`, `第3项`, `３`, `3.0` (a number cell) → 3.
pub fn parse_task_id(cell: &Cell) -> Option<u32> {
    if let Cell::Number(n) = cell {
        return (n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX)).then_some(*n as u32);
    }
    let text = cell.text();
    let text = text.trim();
    // The form almost every row has: plain digits.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let text = text.strip_prefix('第').unwrap_or(text);
    let text = text
        .strip_suffix('项')
        .or_else(|| text.strip_suffix('条'))
        .unwrap_or(text)
        .trim();
    // Full-width digits, as an IME may type them.
    let digits: String = text
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// "（本计划为第1至38项）", for messages about a task id.
pub fn task_range(plan: &Plan) -> String {
    let ids = plan.tasks.iter().map(|task| task.id);
    match (ids.clone().min(), ids.max()) {
        (Some(low), Some(high)) => format!("（本计划为第{low}至{high}项）"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn task_ids_are_read_in_every_form_a_clerk_types() {
        for (cell, id) in [
            (Cell::Text(Cow::Borrowed("3")), Some(3)),
            (Cell::Text(Cow::Borrowed("第3项")), Some(3)),
            (Cell::Text(Cow::Borrowed("第 12 项")), Some(12)),
            (Cell::Text(Cow::Borrowed("３")), Some(3)),
            (Cell::Number(7.0), Some(7)),
            (Cell::Number(7.5), None),
            (Cell::Text(Cow::Borrowed("三")), None),
            (Cell::Text(Cow::Borrowed("第项")), None),
        ] {
            assert_eq!(parse_task_id(&cell), id, "{cell:?}");
        }
    }
}
