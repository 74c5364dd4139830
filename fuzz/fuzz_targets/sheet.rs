//! The sheet loader and checks on any bytes given as a CSV: every encoding path (UTF-8 with and
//! without BOM, UTF-16, GB18030, undecodable bytes), then the checks against a small plan.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::check("瞻岐.csv", data));
