//! The plan and period loaders on any text: a diagnostic or a plan, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = bulletin::load::yaml::parse_plan("plan.yaml", text);
        let _ = bulletin::load::yaml::parse_period("period.yaml", text);
    }
});
