//! The .xlsx reader (calamine) and the checks on any bytes given as a workbook; seeded with real
//! workbooks so the fuzzer mutates inside the zip and the XML.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::check("瞻岐.xlsx", data));
