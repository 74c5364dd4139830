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

/// What follows a town's name in its full official name (城关镇人民政府, 白马街道办事处).
const OFFICIAL: [&str; 4] = ["人民政府", "政府", "街道办事处", "办事处"];

pub fn resolve_unit(plan: &Plan, text: &str) -> UnitMatch {
    let text = text.trim();
    if let Some(unit) = plan.unit_index(text) {
        return UnitMatch::Exact(unit);
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let official = OFFICIAL
        .iter()
        .filter_map(|suffix| compact.strip_suffix(suffix));
    for name in std::iter::once(compact.as_str()).chain(official) {
        if let Some(unit) = plan.unit_index(name) {
            return UnitMatch::Alias(unit);
        }
        for suffix in SUFFIXES {
            if let Some(short) = name.strip_suffix(suffix)
                && let Some(unit) = plan.unit_index(short)
            {
                return UnitMatch::Alias(unit);
            }
        }
    }
    UnitMatch::Unknown
}

/// The one unit a file's name names: the whole name (`城关镇.csv`, `邱隘镇.csv`), or a unit's
/// name inside it (`城关镇-5月.xlsx`, `7月城关镇报表.csv`). `None` when it names none, or
/// several (`城关镇、西河镇.csv`); a name inside another matched one (`城关` in `城关镇`) does
/// not count as a second.
pub fn unit_in_name(plan: &Plan, stem: &str) -> Option<UnitIx> {
    match resolve_unit(plan, stem) {
        UnitMatch::Exact(unit) | UnitMatch::Alias(unit) => return Some(unit),
        UnitMatch::Unknown => {}
    }
    name_within(plan, stem).and_then(|name| plan.unit_index(name))
}

/// Whether a task's text as a form writes it (`建立乡镇安全生产委员会`) looks like the plan's
/// (`建立乡镇安全生产委员会，明确成员单位职责`): one holds the other, or most of the two-character
/// runs of the shorter stand in the longer (punctuation and spaces left out).
pub fn alike(written: &str, planned: &str) -> bool {
    let letters =
        |text: &str| -> Vec<char> { text.chars().filter(|c| c.is_alphanumeric()).collect() };
    let (a, b) = (letters(written), letters(planned));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return true;
    }
    let long_text: String = long.iter().collect();
    if long_text.contains(&short.iter().collect::<String>()) {
        return true;
    }
    let pairs: Vec<String> = short.windows(2).map(|pair| pair.iter().collect()).collect();
    let found = pairs
        .iter()
        .filter(|pair| long_text.contains(pair.as_str()))
        .count();
    found * 2 >= pairs.len()
}

/// "，是否为“钟公庙”？" for a near miss or a name that holds one unit's name; otherwise the
/// plan's units, so the clerk can pick.
pub fn unit_hint(plan: &Plan, text: &str) -> String {
    let text = text.trim();
    let names = plan.units.iter().map(|unit| unit.name.as_str());
    match suggest::closest(text, names).or_else(|| name_within(plan, text)) {
        Some(close) => format!("，是否为“{close}”？"),
        None => {
            let all: Vec<&str> = plan.units.iter().map(|unit| unit.name.as_str()).collect();
            format!("；本计划的单位有：{}", all.join("、"))
        }
    }
}

/// The one unit whose name `text` holds (城关镇党政办 holds 城关镇), the longest when one name
/// holds another; `None` when it holds none or two that are not one inside the other.
pub fn name_within<'p>(plan: &'p Plan, text: &str) -> Option<&'p str> {
    let mut found: Option<&str> = None;
    for unit in &plan.units {
        let name = unit.name.as_str();
        if name.is_empty() || !text.contains(name) {
            continue;
        }
        found = match found {
            None => Some(name),
            Some(other) if other.contains(name) => Some(other),
            Some(other) if name.contains(other) => Some(name),
            Some(_) => return None,
        };
    }
    found
}

/// How a task id was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdForm {
    /// `3`, `第3项`, `３`, a number cell: the contract's forms.
    Plain,
    /// `第五项`, `五`, `十二`: read, with a warning.
    Chinese,
    /// `3、`, `（3）`, `3.0` typed as text: read, with a warning.
    Marked,
}

/// A task id read from a cell, and how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskId {
    pub id: u32,
    pub form: IdForm,
}

/// A task id in every form a clerk types it: the contract's (`3`, `第3项`), and `第五项`, `五`,
/// `3.0`, `3、`, `（3）`, which say how they were written so that a warning can name them.
pub fn read_task_id(cell: &Cell) -> Option<TaskId> {
    let plain = |id| TaskId {
        id,
        form: IdForm::Plain,
    };
    if let Cell::Number(n) = cell {
        return (n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX))
            .then(|| plain(*n as u32));
    }
    // The form almost every row has: plain digits (looked for before trimming, and after).
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let text = cell.text();
    if digits(&text) {
        return text.parse().ok().map(plain);
    }
    let text = text.trim();
    if digits(text) {
        return text.parse().ok().map(plain);
    }
    let unmarked = without_marks(text);
    let marked = unmarked != text;
    let inner = unmarked.strip_prefix('第').unwrap_or(unmarked);
    let inner = inner
        .strip_suffix('项')
        .or_else(|| inner.strip_suffix('条'))
        .unwrap_or(inner)
        .trim();
    // Full-width digits, as an IME may type them.
    let digits: String = inner
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let form = if marked {
            IdForm::Marked
        } else {
            IdForm::Plain
        };
        return digits.parse().ok().map(|id| TaskId { id, form });
    }
    chinese_number(inner).map(|id| TaskId {
        id,
        form: IdForm::Chinese,
    })
}

/// A task id without the marks typed around it: `（3）` → `3`, `3、` → `3`, `3.0` → `3`.
fn without_marks(text: &str) -> &str {
    const PAIRS: [(char, char); 4] = [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')];
    const AFTER: [char; 5] = ['、', '.', '．', '，', ','];
    let mut text = text.trim();
    loop {
        let before = text;
        for (open, close) in PAIRS {
            if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
                text = inner.trim();
            }
        }
        // `3.0`, `3.00`: a number typed as text, or a number cell saved as text.
        if let Some((whole, zeros)) = text.split_once(['.', '．'])
            && !whole.is_empty()
            && !zeros.is_empty()
            && zeros.chars().all(|c| c == '0')
        {
            text = whole.trim();
        }
        text = text.strip_suffix(AFTER).unwrap_or(text).trim();
        if text == before {
            return text;
        }
    }
}

/// A number under a thousand in Chinese numerals: 五, 十二, 二十, 一百零五.
fn chinese_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    for c in text.chars() {
        let value = match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => {
                total += digit.take().unwrap_or(1) * 10;
                continue;
            }
            '百' => {
                total += digit.take().unwrap_or(1) * 100;
                continue;
            }
            _ => return None,
        };
        // Two digits in a row (一二) are no number, but 零 may stand between (一百零五).
        if digit.is_some_and(|d| d != 0) {
            return None;
        }
        digit = Some(value);
    }
    let id = total + digit.unwrap_or(0);
    (id > 0).then_some(id)
}

/// Whether `text` may hold a character [`drop_invisible`] drops: in UTF-8 each of them starts
/// with one of four bytes (C2, E2, E3, EF) that a unit's name, a task id or a status seldom
/// has, so most cells are passed by this byte scan alone.
#[inline]
pub fn may_hold_invisible(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEF))
}

/// Characters that show as nothing or as a space, so that a name holding one looks like the
/// plan's name and is not: dropped, and the kinds dropped named for the warning. `None` when
/// the text has none.
pub fn drop_invisible(text: &str) -> Option<(String, Vec<&'static str>)> {
    let kind = |c: char| match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some("零宽空格"),
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => Some("不间断空格"),
        '\u{3000}' => Some("全角空格"),
        '\u{00AD}' => Some("软连字符"),
        _ => None,
    };
    if !may_hold_invisible(text) || !text.chars().any(|c| kind(c).is_some()) {
        return None;
    }
    let mut kinds = Vec::new();
    let kept = text
        .chars()
        .filter(|&c| match kind(c) {
            Some(name) => {
                if !kinds.contains(&name) {
                    kinds.push(name);
                }
                false
            }
            None => true,
        })
        .collect();
    Some((kept, kinds))
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

    #[test]
    fn a_forms_task_text_is_alike_the_plans_when_it_shortens_or_rewords_it() {
        assert!(alike(
            "建立乡镇安全生产委员会",
            "建立乡镇安全生产委员会，明确成员单位职责"
        ));
        assert!(alike(
            "开展“安全生产月”宣传活动",
            "开展安全生产月宣传活动。"
        ));
        assert!(alike("应急演练", "开展应急演练。"));
        assert!(!alike("开展应急演练", "开展隐患排查。"));
        assert!(!alike(
            "开展城镇燃气安全专项整治",
            "制定县级安全生产权力和责任清单"
        ));
    }
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
            (Cell::Text(Cow::Borrowed("三a")), None),
            (Cell::Text(Cow::Borrowed("第项")), None),
            (Cell::Text(Cow::Borrowed("3.5")), None),
            (Cell::Text(Cow::Borrowed("一二")), None),
        ] {
            assert_eq!(read_task_id(&cell).map(|task| task.id), id, "{cell:?}");
        }
    }

    #[test]
    fn task_ids_as_people_type_them_are_read_and_say_how_they_were_written() {
        let read = |text: &str| read_task_id(&Cell::Text(Cow::Owned(text.to_string())));
        let id = |id, form| Some(TaskId { id, form });
        for (text, expected) in [
            ("第五项", id(5, IdForm::Chinese)),
            ("五", id(5, IdForm::Chinese)),
            ("十二", id(12, IdForm::Chinese)),
            ("第二十三项", id(23, IdForm::Chinese)),
            ("一百零五", id(105, IdForm::Chinese)),
            ("3.0", id(3, IdForm::Marked)),
            ("3、", id(3, IdForm::Marked)),
            ("（3）", id(3, IdForm::Marked)),
            ("(12)", id(12, IdForm::Marked)),
            ("（第3项）", id(3, IdForm::Marked)),
            ("第3项", id(3, IdForm::Plain)),
        ] {
            assert_eq!(read(text), expected, "{text}");
        }
    }

    fn plan() -> Plan {
        let source = "units:\n  towns: [城关镇, 邱隘, 白马街道, 城关]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-06\n";
        crate::load::yaml::parse_plan("plan.yaml", source).unwrap()
    }

    #[test]
    fn a_towns_official_name_is_read_as_the_town() {
        let plan = plan();
        let unit = |name: &str| plan.unit_index(name).unwrap();
        for (text, expected) in [
            ("城关镇", UnitMatch::Exact(unit("城关镇"))),
            ("城关镇人民政府", UnitMatch::Alias(unit("城关镇"))),
            ("城关镇政府", UnitMatch::Alias(unit("城关镇"))),
            ("邱隘镇人民政府", UnitMatch::Alias(unit("邱隘"))),
            ("邱隘镇", UnitMatch::Alias(unit("邱隘"))),
            ("白马街道办事处", UnitMatch::Alias(unit("白马街道"))),
            ("邱隘街道办事处", UnitMatch::Alias(unit("邱隘"))),
            ("城关镇 人民政府", UnitMatch::Alias(unit("城关镇"))),
            ("城关镇党委", UnitMatch::Unknown),
            ("人民政府", UnitMatch::Unknown),
        ] {
            assert_eq!(resolve_unit(&plan, text), expected, "{text}");
        }
    }

    #[test]
    fn a_name_holding_one_units_name_suggests_it() {
        let plan = plan();
        assert_eq!(name_within(&plan, "城关镇党政办"), Some("城关镇"));
        assert_eq!(name_within(&plan, "城关镇、邱隘"), None);
        assert_eq!(name_within(&plan, "月湖"), None);
        assert!(unit_hint(&plan, "城关镇党政办").contains("是否为“城关镇”"));
    }

    #[test]
    fn invisible_characters_are_dropped_and_named() {
        assert_eq!(drop_invisible("邱隘"), None);
        assert_eq!(
            drop_invisible("邱隘\u{200b}"),
            Some(("邱隘".to_string(), vec!["零宽空格"]))
        );
        assert_eq!(
            drop_invisible("\u{a0}邱\u{3000}隘"),
            Some(("邱隘".to_string(), vec!["不间断空格", "全角空格"]))
        );
    }
}
