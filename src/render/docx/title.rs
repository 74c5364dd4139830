//! Where a long title breaks (GB/T 9704 7.3.1): "回行时，要做到词意完整，排列对称，长短适宜，
//! 间距恰当，标题排列应当使用梯形或菱形". Word would fill the first line and leave `的通报` alone on
//! the second; here every way of breaking the title into the fewest lines that fit is scored —
//! by how unequal the lines are, by their shape (no rectangle, no hourglass), and by where each
//! break falls (after 关于 or a comma is good, inside a word or a 〔2021〕 is bad) — and the best
//! is kept. A title the plan breaks itself keeps the clerk's breaks.

/// Words of official titles, so that a break falls between them rather than inside one. A
/// character that starts none of them is a word of its own.
const WORDS: &[&str] = &[
    "关于",
    "进一步",
    "加强",
    "做好",
    "开展",
    "推进",
    "落实",
    "实施",
    "建设",
    "管理",
    "体系",
    "能力",
    "基层",
    "应急",
    "安全",
    "生产",
    "消防",
    "工作",
    "情况",
    "进展",
    "通报",
    "通知",
    "报告",
    "意见",
    "决定",
    "方案",
    "办法",
    "规定",
    "计划",
    "总结",
    "批复",
    "请示",
    "函",
    "印发",
    "转发",
    "专项",
    "整治",
    "行动",
    "检查",
    "督查",
    "督导",
    "考核",
    "结果",
    "问题",
    "隐患",
    "排查",
    "治理",
    "防汛",
    "防台",
    "防灾",
    "减灾",
    "救灾",
    "自然灾害",
    "重点",
    "任务",
    "目标",
    "责任",
    "制度",
    "机制",
    "全面",
    "深入",
    "扎实",
    "各级",
    "各地",
    "街道",
    "乡镇",
    "年度",
    "季度",
    "上半年",
    "下半年",
    "领域",
    "行业",
    "企业",
    "单位",
    "部门",
    "委员会",
    "办公室",
    "安委会",
    "有关",
    "事项",
    "执行",
    "完成",
    "进度",
    "成效",
    "经验",
    "做法",
    "典型",
    "表扬",
    "批评",
    "处理",
    "体制",
    "改革",
    "提升",
    "强化",
    "完善",
    "健全",
    "构建",
    "组织",
    "领导",
    "队伍",
    "保障",
    "物资",
    "储备",
    "预案",
    "演练",
    "培训",
    "宣传",
    "教育",
    "监管",
    "监督",
    "执法",
    "风险",
    "防范",
    "化解",
    "事故",
    "调查",
    "分工",
    "职责",
    "网格",
    "平台",
    "信息",
    "数据",
    "系统",
    "设施",
    "设备",
    "项目",
    "资金",
    "经费",
    "政府",
    "人民",
    "中共",
    "党委",
    "区委",
    "县委",
    "市委",
    "全区",
    "全县",
    "全市",
    "全省",
    "我区",
    "服务",
    "发展",
    "高质量",
    "现代化",
    "标准化",
    "规范化",
    "信息化",
    "示范",
    "创建",
    "评估",
    "评价",
    "统计",
    "分析",
    "研判",
    "预警",
    "指挥",
    "协调",
    "联动",
    "救援",
    "处置",
    "恢复",
    "重建",
    "巡查",
    "防控",
    "疫情",
    // Compounds a title should not be broken inside.
    "安全生产",
    "消防安全",
    "应急管理",
    "能力建设",
    "体系建设",
    "专项整治",
    "三年行动",
    "防治",
    "重点项目",
    "政府工作报告",
    "工作报告",
    "目标任务",
    "民生实事",
    "推进情况",
    "落实情况",
    "完成情况",
];

/// Marks a line may not start with, and marks it may not end with.
const NO_LINE_START: &str = "，。、；：？！）》〕”’」』…—%";
const NO_LINE_END: &str = "（《〔“‘「『";
/// Conjunctions: a break just before or after one falls between two phrases.
const CONJUNCTIONS: &str = "和与及暨并或";
/// Units after a figure: `2021年` is not broken.
const AFTER_FIGURE: &str = "年月日号项个期批次条";

/// Lines past this many are filled greedily rather than searched.
const MOST_LINES_SEARCHED: usize = 4;

/// A break that may not be made.
const FORBIDDEN: u32 = u32::MAX / 64;

/// The title's lines. `plan_lines` are the lines the plan wrote (one when it did not break the
/// title); `capacity` is how many full-width characters a line holds. A plan line that does
/// not fit is broken too.
pub fn title_lines(plan_lines: &[String], capacity: usize) -> Vec<String> {
    plan_lines
        .iter()
        .flat_map(|line| balanced(line, capacity * 2))
        .collect()
}

/// A character's width in half-widths: Latin letters and digits are half as wide.
fn width(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// `title` in the fewest lines of at most `capacity` half-widths, broken as well as can be.
fn balanced(title: &str, capacity: usize) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let total: usize = chars.iter().map(|&c| width(c)).sum();
    if total <= capacity || capacity == 0 {
        return vec![title.to_string()];
    }
    let cost = break_costs(&chars);
    let mut lines = total.div_ceil(capacity);
    while lines <= MOST_LINES_SEARCHED {
        if let Some(breaks) = best_breaks(&chars, &cost, lines, capacity) {
            return split(&chars, &breaks);
        }
        lines += 1;
    }
    greedy(&chars, capacity)
}

/// The cost of breaking before each position (index 0 and `len` unused): 0 is a good place,
/// [`FORBIDDEN`] a place never to break.
fn break_costs(chars: &[char]) -> Vec<u32> {
    // Which word each character belongs to, by forward maximum matching.
    let mut word_start = vec![true; chars.len() + 1];
    let mut at = 0;
    while at < chars.len() {
        let longest = WORDS
            .iter()
            .filter_map(|word| {
                let word: Vec<char> = word.chars().collect();
                chars[at..].starts_with(&word).then_some(word.len())
            })
            .max()
            .unwrap_or(1);
        for inside in word_start.iter_mut().skip(at + 1).take(longest - 1) {
            *inside = false;
        }
        at += longest;
    }
    let mut depth = 0i32;
    let mut inside_brackets = vec![false; chars.len() + 1];
    for (index, &c) in chars.iter().enumerate() {
        if "《〔“（".contains(c) {
            depth += 1;
        } else if "》〕”）".contains(c) {
            depth -= 1;
        }
        inside_brackets[index + 1] = depth > 0;
    }
    (0..=chars.len())
        .map(|at| {
            let (Some(&before), Some(&after)) =
                (at.checked_sub(1).and_then(|i| chars.get(i)), chars.get(at))
            else {
                return FORBIDDEN;
            };
            if NO_LINE_START.contains(after)
                || NO_LINE_END.contains(before)
                || (before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric())
                || (before.is_ascii_digit() && AFTER_FIGURE.contains(after))
            {
                return FORBIDDEN;
            }
            let after_guanyu = at == 2 && chars.starts_with(&['关', '于']);
            let mut cost = if after_guanyu || "，、；：".contains(before) {
                0
            } else if CONJUNCTIONS.contains(after) || CONJUNCTIONS.contains(before) {
                1
            } else if before == '的' {
                // 的 binds what precedes to what follows: "情况的 / 通报" reads badly.
                4
            } else if !word_start[at] {
                6
            } else if word_start[at - 1] && word_start.get(at + 1).copied().unwrap_or(true) {
                // Between two characters that matched no word: nothing known either way.
                3
            } else {
                1
            };
            if inside_brackets[at] {
                cost += 4;
            }
            cost
        })
        .collect()
}

/// The best `lines - 1` break positions, or None when the title cannot be set in `lines` lines.
fn best_breaks(chars: &[char], cost: &[u32], lines: usize, capacity: usize) -> Option<Vec<usize>> {
    let mut best: Option<(u32, Vec<usize>)> = None;
    let mut breaks = Vec::with_capacity(lines);
    search(chars, cost, lines, capacity, 0, &mut breaks, &mut best);
    best.map(|(_, breaks)| breaks)
}

/// Tries every break after `from` for the rest of the lines, keeping the cheapest whole set.
fn search(
    chars: &[char],
    cost: &[u32],
    lines: usize,
    capacity: usize,
    from: usize,
    breaks: &mut Vec<usize>,
    best: &mut Option<(u32, Vec<usize>)>,
) {
    let rest_width = |start: usize, end: usize| -> usize {
        chars
            .get(start..end)
            .map_or(0, |s| s.iter().map(|&c| width(c)).sum())
    };
    if breaks.len() + 1 == lines {
        if rest_width(from, chars.len()) > capacity {
            return;
        }
        let mut ends = breaks.clone();
        ends.push(chars.len());
        let mut starts = vec![0];
        starts.extend(breaks.iter().copied());
        let widths: Vec<usize> = starts
            .iter()
            .zip(&ends)
            .map(|(&s, &e)| rest_width(s, e))
            .collect();
        let total = breaks.iter().map(|&b| cost[b]).sum::<u32>() + shape_cost(&widths);
        // Equal costs keep the first found: the shorter first line (正梯形, 上短下长).
        if best.as_ref().is_none_or(|(cheapest, _)| total < *cheapest) {
            *best = Some((total, breaks.clone()));
        }
        return;
    }
    for at in from + 1..chars.len() {
        if rest_width(from, at) > capacity {
            break;
        }
        if cost[at] >= FORBIDDEN {
            continue;
        }
        breaks.push(at);
        search(chars, cost, lines, capacity, at, breaks, best);
        breaks.pop();
    }
}

/// How far the lines' widths (half-widths) are from a balanced trapezoid or diamond: the
/// spread between the longest and the shortest line, one for a rectangle (all equal), and
/// more for an hourglass (a middle line shorter than both its neighbours).
fn shape_cost(widths: &[usize]) -> u32 {
    let (Some(&longest), Some(&shortest)) = (widths.iter().max(), widths.iter().min()) else {
        return 0;
    };
    let spread = u32::try_from((longest - shortest).div_ceil(2)).unwrap_or(FORBIDDEN);
    let rectangle = u32::from(longest == shortest);
    let hourglass = widths
        .windows(3)
        .filter(|w| matches!(w, [a, b, c] if b < a && b < c))
        .count();
    spread + rectangle + 6 * u32::try_from(hourglass).unwrap_or(FORBIDDEN)
}

fn split(chars: &[char], breaks: &[usize]) -> Vec<String> {
    let mut lines = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0;
    for &end in breaks.iter().chain(std::iter::once(&chars.len())) {
        lines.push(chars.get(start..end).unwrap_or_default().iter().collect());
        start = end;
    }
    lines
}

/// Lines filled one after another, for a title too long to search.
fn greedy(chars: &[char], capacity: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for &c in chars {
        if used + width(c) > capacity {
            lines.push(String::new());
            used = 0;
        }
        used += width(c);
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2号 type in the 156 mm text block: 20 characters a line.
    const CAPACITY: usize = 20;

    fn lines(title: &str) -> Vec<String> {
        title_lines(&[title.to_string()], CAPACITY)
    }

    #[test]
    fn a_title_that_fits_is_one_line() {
        assert_eq!(lines("关于安全生产工作的通报"), ["关于安全生产工作的通报"]);
    }

    #[test]
    fn the_sample_title_breaks_between_words_into_balanced_lines() {
        // Filling the first line would leave 况的通报 alone; balanced, the break falls between
        // words, the first line shorter.
        assert_eq!(
            lines("关于基层应急管理体系和能力建设工作推进情况的通报"),
            ["关于基层应急管理体系和", "能力建设工作推进情况的通报"]
        );
    }

    #[test]
    fn no_line_is_left_with_a_three_character_orphan() {
        for title in [
            "关于基层应急管理体系和能力建设工作推进情况的通报",
            "关于2021年第一季度全区安全生产和消防安全工作情况的通报",
            "关于进一步加强自然灾害防治能力建设工作推进情况的通报",
            "关于印发《鄞州区安全生产委员会成员单位安全生产工作职责》的通知",
        ] {
            let set = lines(title);
            assert_eq!(set.concat(), title);
            assert_eq!(set.len(), 2, "{set:?}");
            let widths: Vec<usize> = set.iter().map(|l| l.chars().map(width).sum()).collect();
            assert!(widths.iter().all(|&w| w <= CAPACITY * 2), "{set:?}");
            assert!(
                widths[0].abs_diff(widths[1]) <= 6,
                "the lines differ by at most three characters: {set:?}"
            );
        }
    }

    #[test]
    fn a_break_never_splits_a_figure_or_leaves_a_mark_at_a_line_start() {
        let set = lines("关于2021年第一季度全区安全生产和消防安全工作情况的通报");
        assert!(!set.iter().any(|l| l.starts_with('年')), "{set:?}");
        let set = lines("关于鄞州区安全生产委员会办公室鄞安委办〔2021〕5号文件执行情况的通报");
        for line in &set {
            assert!(!line.starts_with(|c| NO_LINE_START.contains(c)), "{set:?}");
            assert!(!line.ends_with(|c| NO_LINE_END.contains(c)), "{set:?}");
            assert!(
                !line.ends_with("〔20") && !line.starts_with("21〕"),
                "{set:?}"
            );
        }
    }

    #[test]
    fn three_lines_are_a_trapezoid_or_a_diamond_never_an_hourglass() {
        let title = "关于进一步加强全区基层应急管理体系和能力建设扎实推进安全生产专项整治三年行动工作落实情况的通报";
        let set = lines(title);
        assert_eq!(set.len(), 3, "{set:?}");
        assert_eq!(set.concat(), title);
        let counts: Vec<usize> = set.iter().map(|l| l.chars().count()).collect();
        assert!(counts.iter().all(|&c| c <= CAPACITY), "{set:?}");
        assert!(!(counts[1] < counts[0] && counts[1] < counts[2]), "{set:?}");
    }

    #[test]
    fn the_plan_s_own_breaks_are_kept() {
        let plan = [
            "关于基层应急管理体系和能力建设".to_string(),
            "工作推进情况的通报".to_string(),
        ];
        assert_eq!(title_lines(&plan, CAPACITY), plan);
    }

    #[test]
    fn a_title_too_long_to_search_is_filled_line_by_line() {
        let title = "安".repeat(CAPACITY * (MOST_LINES_SEARCHED + 1) + 1);
        let set = lines(&title);
        assert_eq!(set.len(), MOST_LINES_SEARCHED + 2);
        assert_eq!(set.concat(), title);
    }
}
