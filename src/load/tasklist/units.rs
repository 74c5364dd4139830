//! A task list's 责任单位 cell as offices write it — `县应急管理局、各乡镇`, `城关镇，西河镇`,
//! `县应急管理局（牵头）`, `各镇（街道）` — split into units and groups, and each name told apart as
//! a town or a department.

/// One name in a 责任单位 cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// Every town: `各乡镇` (the label is what follows 各: 乡镇).
    EveryTown(String),
    /// Every department: `各有关部门`, `县直各部门`.
    EveryDepartment,
    Unit(String),
}

/// Words around a name that are not part of it.
const MARKERS: [&str; 12] = [
    "（牵头）",
    "(牵头)",
    "（配合）",
    "(配合)",
    "（负责）",
    "(负责)",
    "按职责分工负责",
    "按职责分工",
    "分别负责",
    "牵头",
    "配合",
    "负责",
];

/// Labels put before names: `牵头单位：县应急管理局`.
const PREFIXES: [&str; 6] = [
    "牵头单位",
    "责任单位",
    "配合单位",
    "牵头部门",
    "责任部门",
    "配合部门",
];

/// The names in a 责任单位 cell, in order. A 、 inside brackets belongs to the name
/// (`各县（市、区）`).
pub fn split(cell: &str) -> Vec<Named> {
    segments(cell)
        .iter()
        .filter_map(|segment| name(segment))
        .collect()
}

/// The 牵头单位 a 责任单位 cell names: `县住建局牵头，各乡镇配合`, `县应急管理局（牵头）`,
/// `牵头单位：县应急管理局；配合单位：…` — the first unit marked so; `None` for a group or none.
pub fn lead(cell: &str) -> Option<String> {
    segments(cell)
        .iter()
        .filter(|segment| segment.contains("牵头"))
        .find_map(|segment| match name(segment) {
            Some(Named::Unit(unit)) => Some(unit),
            _ => None,
        })
}

/// The cell cut at its separators, each part as written.
fn segments(cell: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for c in cell.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        let separator = matches!(c, '，' | ',' | '；' | ';' | '/' | '\n' | '\r')
            || c.is_whitespace()
            || (c == '、' && depth <= 0);
        if separator && depth <= 0 {
            names.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    names.push(current);
    names
}

fn name(raw: &str) -> Option<Named> {
    let mut text = raw.trim().trim_matches(['“', '”', '"', '。']).to_string();
    for prefix in PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start_matches(['：', ':']).to_string();
        }
    }
    for marker in MARKERS {
        text = text.replace(marker, "");
    }
    let text = text.trim_end_matches('等').trim();
    if text.is_empty() {
        return None;
    }
    if is_every_department(text) {
        return Some(Named::EveryDepartment);
    }
    if let Some(label) = text.strip_prefix('各')
        && !label.is_empty()
    {
        if is_department(label) {
            return Some(Named::EveryDepartment);
        }
        // `各镇人民政府`, `各街道办事处`: the towns' label is 镇, 街道.
        let label = ["人民政府", "政府", "办事处"]
            .iter()
            .find_map(|suffix| label.strip_suffix(suffix).filter(|l| !l.is_empty()))
            .unwrap_or(label);
        return Some(Named::EveryTown(label.to_string()));
    }
    Some(Named::Unit(text.to_string()))
}

fn is_every_department(text: &str) -> bool {
    let text = text
        .trim_start_matches(['县', '区', '市'])
        .trim_start_matches('直');
    matches!(
        text,
        "各有关部门"
            | "有关部门"
            | "各部门"
            | "各相关部门"
            | "相关部门"
            | "各成员单位"
            | "成员单位"
            | "有关单位"
            | "各有关单位"
            | "各单位"
    )
}

/// Name endings that make a unit a department (局, 委, 办, …); a town ends in 镇, 乡, 街道 or
/// 办事处, and anything else (a county of a city, a 开发区) counts as a town too.
pub fn is_department(name: &str) -> bool {
    const TOWN: [&str; 5] = ["镇", "乡", "街道", "办事处", "苏木"];
    const DEPARTMENT: [&str; 26] = [
        "局", "委", "办", "部", "院", "会", "厅", "处", "室", "中心", "公司", "队", "所", "站",
        "署", "馆", "社", "团", "校", "集团", "部门", "单位", "支队", "大队", "银行", "分局",
    ];
    if TOWN.iter().any(|end| name.ends_with(end)) {
        return false;
    }
    DEPARTMENT.iter().any(|end| name.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str) -> Named {
        Named::Unit(name.to_string())
    }

    #[test]
    fn cells_split_at_chinese_and_ascii_separators_and_spaces() {
        assert_eq!(
            split("县应急管理局、各乡镇"),
            [unit("县应急管理局"), Named::EveryTown("乡镇".into())]
        );
        assert_eq!(split("城关镇，西河镇"), [unit("城关镇"), unit("西河镇")]);
        assert_eq!(
            split("城关镇 西河镇\n东岭乡;北塘镇"),
            [
                unit("城关镇"),
                unit("西河镇"),
                unit("东岭乡"),
                unit("北塘镇")
            ]
        );
        assert_eq!(
            split("各镇（街道）"),
            [Named::EveryTown("镇（街道）".into())]
        );
        assert_eq!(
            split("各镇人民政府、各街道办事处"),
            [
                Named::EveryTown("镇".into()),
                Named::EveryTown("街道".into())
            ]
        );
        assert_eq!(
            split("各县（市、区）"),
            [Named::EveryTown("县（市、区）".into())]
        );
    }

    #[test]
    fn lead_and_partner_marks_are_dropped_and_groups_read() {
        assert_eq!(
            split("县应急管理局（牵头），县住建局配合"),
            [unit("县应急管理局"), unit("县住建局")]
        );
        assert_eq!(
            split("牵头单位：县应急管理局；配合单位：各乡镇"),
            [unit("县应急管理局"), Named::EveryTown("乡镇".into())]
        );
        assert_eq!(
            split("县直有关部门、各街道"),
            [Named::EveryDepartment, Named::EveryTown("街道".into())]
        );
    }

    #[test]
    fn the_lead_is_the_unit_marked_so() {
        assert_eq!(
            lead("县住建局牵头，各乡镇配合").as_deref(),
            Some("县住建局")
        );
        assert_eq!(
            lead("县住建局（牵头），县应急管理局").as_deref(),
            Some("县住建局")
        );
        assert_eq!(
            lead("牵头单位：县应急管理局；配合单位：各乡镇").as_deref(),
            Some("县应急管理局")
        );
        assert_eq!(lead("县应急管理局、城关镇"), None);
        assert_eq!(lead("各乡镇牵头"), None);
    }

    #[test]
    fn a_name_tells_a_town_from_a_department() {
        for town in [
            "城关镇",
            "东岭乡",
            "滨江街道",
            "城南街道办事处",
            "舒城县",
            "经济开发区",
        ] {
            assert!(!is_department(town), "{town}");
        }
        for department in [
            "县应急管理局",
            "县委办",
            "县住房和城乡建设局",
            "团县委",
            "开发区管委会",
        ] {
            assert!(is_department(department), "{department}");
        }
    }
}
