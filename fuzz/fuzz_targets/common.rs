//! The small plan the sheet targets check against.

use std::sync::OnceLock;

use bulletin::model::Plan;

pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let source = "units:\n  towns: [瞻岐, 咸祥]\n  departments: [区局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-03\n      - id: 2\n        text: 二。\n        deadline: 2021-06-15\n        assigned: [区局]\n";
        bulletin::load::yaml::parse_plan("plan.yaml", source).unwrap_or_else(|_| std::process::abort())
    })
}

/// Checks `data` as the sheet named `name`, as part of a period folder.
pub fn check(name: &str, data: &[u8]) {
    let mut checker =
        bulletin::check::Checker::new(plan(), chrono::NaiveDate::from_ymd_opt(2021, 5, 24));
    checker.add_sheet(name, "瞻岐", data);
    let _ = checker.finish(&bulletin::check::Scope::Folder("p".into()));
}
