//! The sheet loader and checks on any bytes given as a CSV: every encoding path (UTF-8 with and
//! without BOM, UTF-16, GB18030, undecodable bytes), then the checks against a small plan.
#![no_main]

use std::sync::OnceLock;

use bulletin::check::{Checker, Scope};
use bulletin::model::Plan;
use libfuzzer_sys::fuzz_target;

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let source = "units:\n  towns: [瞻岐, 咸祥]\n  departments: [区局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-03\n      - id: 2\n        text: 二。\n        deadline: 2021-06-15\n        assigned: [区局]\n";
        bulletin::load::yaml::parse_plan("plan.yaml", source).unwrap_or_else(|_| std::process::abort())
    })
}

fuzz_target!(|data: &[u8]| {
    let mut checker = Checker::new(plan(), chrono::NaiveDate::from_ymd_opt(2021, 5, 24));
    checker.add_sheet("瞻岐.csv", "瞻岐", data);
    let _ = checker.finish(&Scope::Folder("p".into()));
});
