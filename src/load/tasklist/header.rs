//! A task list's header: which column holds the task, its units, its deadline, its id and its
//! category, by the names offices give them (序号, 工作任务（任务内容）, 责任单位, 完成时限, …).

/// What each column of the list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Columns {
    pub id: Option<usize>,
    pub text: usize,
    pub units: Vec<usize>,
    pub deadline: Option<usize>,
    pub category: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Id,
    Text,
    Units,
    Deadline,
    Category,
}

/// The header names of each role (compared without spaces; a bracketed part is also tried
/// alone: `工作任务（任务内容）`).
const ROLES: [(Role, &[&str]); 5] = [
    (
        Role::Id,
        &[
            "序号",
            "编号",
            "任务编号",
            "任务序号",
            "序",
            "项目编号",
            "no",
            "no.",
        ],
    ),
    (
        Role::Text,
        &[
            "工作任务",
            "任务内容",
            "主要任务",
            "重点任务",
            "工作内容",
            "具体任务",
            "任务",
            "工作事项",
            "具体措施",
            "工作措施",
            "任务名称",
            "内容",
            "目标任务",
            "工作要求",
            "主要内容",
            "重点工作",
            "工作目标",
            "任务事项",
            "具体工作",
            "措施",
            "工作任务及目标",
            "任务及目标",
        ],
    ),
    (
        Role::Units,
        &[
            "责任单位",
            "牵头单位",
            "责任部门",
            "承办单位",
            "实施单位",
            "牵头部门",
            "责任主体",
            "主责单位",
            "负责单位",
            "牵头责任单位",
            "配合单位",
            "协办单位",
            "参与单位",
            "配合部门",
            "责任单位（部门）",
            "单位",
        ],
    ),
    (
        Role::Deadline,
        &[
            "完成时限",
            "完成时间",
            "时间节点",
            "时限要求",
            "完成期限",
            "时限",
            "截止时间",
            "完成时间节点",
            "时间要求",
            "完成日期",
            "期限",
            "时间",
        ],
    ),
    (
        Role::Category,
        &[
            "类别",
            "分类",
            "项目类别",
            "领域",
            "方面",
            "工作类别",
            "任务类别",
            "板块",
        ],
    ),
];

fn role_of(header: &str) -> Option<Role> {
    let key: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase();
    let (head, inner) = match key.split_once(['（', '(']) {
        Some((head, rest)) => (
            head.to_string(),
            rest.trim_end_matches(['）', ')']).to_string(),
        ),
        None => (key.clone(), String::new()),
    };
    [key.as_str(), head.as_str(), inner.as_str()]
        .into_iter()
        .filter(|k| !k.is_empty())
        .find_map(|k| {
            ROLES
                .iter()
                .find(|(_, names)| names.contains(&k))
                .map(|(role, _)| *role)
        })
}

/// The columns a row names, when it is the header: it must name the task's text and its units
/// or its deadline.
pub(super) fn header_columns(cells: &[String]) -> Option<Columns> {
    if is_status_sheet_header(cells) {
        return None;
    }
    let mut columns = Columns::default();
    let mut text = None;
    for (index, cell) in cells.iter().enumerate() {
        match role_of(cell) {
            Some(Role::Id) if columns.id.is_none() => columns.id = Some(index),
            Some(Role::Text) if text.is_none() => text = Some(index),
            Some(Role::Units) => columns.units.push(index),
            Some(Role::Deadline) if columns.deadline.is_none() => columns.deadline = Some(index),
            Some(Role::Category) if columns.category.is_none() => columns.category = Some(index),
            _ => {}
        }
    }
    columns.text = text?;
    (!columns.units.is_empty() || columns.deadline.is_some()).then_some(columns)
}

/// A status sheet's header (单位, 任务, 状态): a sheet sent back, not a task list.
pub(super) fn is_status_sheet_header(cells: &[String]) -> bool {
    cells
        .iter()
        .any(|cell| matches!(cell.trim(), "状态" | "完成状态" | "status"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn a_header_is_read_by_its_names_a_bracketed_part_and_a_star_too() {
        let columns = header_columns(&cells(&[
            "序 号",
            "工作任务（任务内容）",
            "*责任单位",
            "配合单位",
            "完成时限",
        ]))
        .unwrap();
        assert_eq!(
            columns,
            Columns {
                id: Some(0),
                text: 1,
                units: vec![2, 3],
                deadline: Some(4),
                category: None,
            }
        );
        // The task's text alone is no header; a status sheet sent back is none either.
        assert_eq!(header_columns(&cells(&["序号", "工作任务"])), None);
        assert_eq!(header_columns(&cells(&["单位", "任务", "状态"])), None);
    }
}
