//! A task's `assigned:`: the plan's units, the names that stand for groups of them (`towns`,
//! `各乡镇`, `departments`), and a list typed with Chinese commas told how to write it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::Faults;
use crate::diagnostic::Code;
use crate::model::{Assignment, Unit, UnitIx, UnitKind};
use crate::suggest;

/// `towns`, `departments`, or a list of unit names.
pub(super) enum RawAssigned {
    Group(String),
    Units(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawAssigned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AssignedVisitor;
        impl<'de> Visitor<'de> for AssignedVisitor {
            type Value = RawAssigned;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(" towns、departments 或单位列表（如 [城关镇, 西河镇]）")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawAssigned, E> {
                Ok(RawAssigned::Group(value.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAssigned, A::Error> {
                let mut units = Vec::new();
                while let Some(unit) = seq.next_element::<Spanned<String>>()? {
                    units.push(unit);
                }
                Ok(RawAssigned::Units(units))
            }
        }
        deserializer.deserialize_any(AssignedVisitor)
    }
}

/// The plan's units and the names that stand for groups of them in `assigned:`.
pub(super) struct Groups<'u> {
    pub(super) units: &'u [Unit],
    towns: Vec<UnitIx>,
    departments: Vec<UnitIx>,
    /// `各乡镇` when the towns are called 乡镇.
    every_town: String,
}

impl<'u> Groups<'u> {
    pub(super) fn new(units: &'u [Unit], label: &str) -> Self {
        let of = |kind: UnitKind| -> Vec<UnitIx> {
            units
                .iter()
                .enumerate()
                .filter(|(_, unit)| unit.kind == kind)
                .map(|(index, _)| UnitIx(index))
                .collect()
        };
        Self {
            units,
            towns: of(UnitKind::Town),
            departments: of(UnitKind::Department),
            every_town: format!("各{label}"),
        }
    }

    /// The group a name stands for: `towns` (or `各乡镇`, `各镇（街道）`, `各街道`, `各` and the
    /// plan's label), `departments` (or `各部门`).
    fn group(&self, name: &str) -> Option<(&[UnitIx], Assignment)> {
        match name {
            "towns" | "各乡镇" | "各镇（街道）" | "各镇(街道)" | "各街道" => {
                Some((&self.towns, Assignment::AllTowns))
            }
            "departments" | "各部门" => Some((&self.departments, Assignment::AllDepartments)),
            _ if name == self.every_town => Some((&self.towns, Assignment::AllTowns)),
            _ => None,
        }
    }
}

/// `东岭乡，北塘镇` typed as one name: the list it was meant to be (`[东岭乡, 北塘镇]`). A 、 inside
/// brackets is part of a name (`各县（市、区）`).
pub(super) fn chinese_commas(name: &str) -> Option<String> {
    let parts = chinese_comma_parts(name);
    (parts.len() > 1).then(|| format!("[{}]", parts.join(", ")))
}

/// The names `东岭乡，北塘镇` was meant to list; one name when it has no Chinese comma.
pub(super) fn chinese_comma_parts(name: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut parts = vec![String::new()];
    for c in name.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        if c == '，' || (c == '、' && depth <= 0) {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A task's `assigned:` as units in canonical order; `None` when it names a group that does
/// not exist (reported). A list may mix units and groups (`[县住建局, towns]`).
pub(super) fn resolve_assigned(
    id: u32,
    raw: Option<Spanned<RawAssigned>>,
    units: &Groups,
    faults: &mut Faults,
) -> Option<(Vec<UnitIx>, Assignment)> {
    let Some(raw) = raw else {
        return Some((units.towns.clone(), Assignment::AllTowns));
    };
    match raw.value {
        RawAssigned::Group(group) => match units.group(group.trim()) {
            Some((members, assignment)) => Some((members.to_vec(), assignment)),
            None => {
                let message = match chinese_commas(group.trim()) {
                    Some(list) => format!(
                        "第{id}项的 assigned“{}”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 {list}",
                        group.trim()
                    ),
                    None => format!(
                        "第{id}项的 assigned 为“{}”，应为 towns、departments 或单位列表（如 [城关镇, 西河镇]）",
                        group.trim()
                    ),
                };
                faults.at(&raw.referenced, Code::UnknownAssignee, message);
                None
            }
        },
        RawAssigned::Units(names) => {
            let mut assigned = Vec::new();
            let mut reported = false;
            for name in &names {
                let text = name.value.trim();
                if let Some((members, _)) = units.group(text) {
                    assigned.extend(members.iter().copied());
                    continue;
                }
                match units.units.iter().position(|unit| unit.name == text) {
                    Some(index) => assigned.push(UnitIx(index)),
                    None => {
                        let message = match chinese_commas(text) {
                            Some(list) => format!(
                                "第{id}项的“{text}”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 {list}"
                            ),
                            None => {
                                let candidates = units.units.iter().map(|unit| unit.name.as_str());
                                let hint = suggest::did_you_mean(text, candidates)
                                    .unwrap_or_else(|| "，请先在 units 中列出该单位".into());
                                format!("第{id}项分配给了未列出的单位“{}”{hint}", name.value)
                            }
                        };
                        faults.at(&name.referenced, Code::UnknownAssignee, message);
                        reported = true;
                    }
                }
            }
            if reported && assigned.is_empty() {
                // "No unit" would only repeat what was said.
                return None;
            }
            assigned.sort_unstable();
            assigned.dedup();
            Some((assigned, Assignment::Some))
        }
    }
}
