//! Synthetic data in the contract's format, for benchmarks and load tests:
//!
//!     cargo run --release --example synth -- --units 5000 --tasks 200 --out /tmp/big
//!
//! writes `/tmp/big/plan.yaml` and two periods, `/tmp/big/periods/2022-05` and `2022-06`
//! (the second with more units done), each as one combined sheet `all.csv`, or with
//! `--per-unit` one sheet per unit, or with `--xlsx` one workbook (all.xlsx). Statuses and dates are drawn from a fixed seed, so the same
//! arguments give the same files. Every row is valid: the data is clean, as a month that
//! validates would be.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

struct Args {
    units: usize,
    tasks: usize,
    out: PathBuf,
    per_unit: bool,
    /// The combined sheet as a workbook (all.xlsx) instead of a CSV.
    xlsx: bool,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        units: 21,
        tasks: 38,
        out: PathBuf::from("synthetic"),
        per_unit: false,
        xlsx: false,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--units" => args.units = value()?.parse().map_err(|e| format!("--units: {e}"))?,
            "--tasks" => args.tasks = value()?.parse().map_err(|e| format!("--tasks: {e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--per-unit" => args.per_unit = true,
            "--xlsx" => args.xlsx = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// A small deterministic generator (SplitMix64): no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn unit_name(index: usize) -> String {
    format!("镇{:05}", index + 1)
}

/// Deadlines from 2021-01 to 2023-12, spread over the tasks.
fn deadline(task: usize) -> (i32, u32) {
    let month = (task * 7) % 36;
    (2021 + (month / 12) as i32, (month % 12) as u32 + 1)
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("synth: {message}");
            std::process::exit(2);
        }
    };
    if let Err(error) = write_all(&args) {
        eprintln!("synth: {error}");
        std::process::exit(1);
    }
}

fn write_all(args: &Args) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let mut plan = String::from(
        "bulletin:\n  issuer: 合成数据办公室\n  title: 合成数据通报\nunits:\n  towns:\n",
    );
    for unit in 0..args.units {
        let _ = writeln!(plan, "    - {}", unit_name(unit));
    }
    plan.push_str("categories:\n");
    for task in 0..args.tasks {
        if task % 10 == 0 {
            let _ = writeln!(plan, "  - title: 第{}类工作方面\n    tasks:", task / 10 + 1);
        }
        let (year, month) = deadline(task);
        let _ = writeln!(
            plan,
            "      - id: {}\n        text: 第{}项合成任务。\n        deadline: {year}-{month:02}\n        wording:\n          done: 已完成\n          in_progress: 正在推进\n          not_started: 尚未启动",
            task + 1,
            task + 1
        );
    }
    std::fs::write(args.out.join("plan.yaml"), plan)?;

    // Each (unit, task) gets a progress point in 0..100; a period shows it as done once its
    // month has come. The second period is a month later, so some units move on.
    let mut rng = Rng(args.seed);
    let progress: Vec<u8> = (0..args.units * args.tasks)
        .map(|_| rng.below(100) as u8)
        .collect();
    for (name, as_of, threshold) in [
        ("2022-05", "2022-05-31", 55u8),
        ("2022-06", "2022-06-30", 60u8),
    ] {
        let folder = args.out.join("periods").join(name);
        if folder.exists() {
            std::fs::remove_dir_all(&folder)?;
        }
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("period.yaml"), format!("as_of: {as_of}\n"))?;
        write_period(args, &folder, &progress, threshold)?;
    }
    Ok(())
}

/// A row's status, completion date and note, from its progress point.
fn row_of(point: u8, threshold: u8) -> (&'static str, Option<(u16, u8, u8)>, &'static str) {
    let note = if point.is_multiple_of(17) {
        "按计划推进"
    } else {
        ""
    };
    if point < threshold {
        // Done on a day that stays put between periods.
        ("已完成", Some((2022, 1 + point % 5, 1 + point % 28)), note)
    } else if point < threshold + 25 {
        ("推进中", None, note)
    } else {
        ("未开始", None, note)
    }
}

/// The combined sheet as all.xlsx: text in shared strings, task ids as numbers, dates as
/// date cells, as Excel saves them.
fn write_workbook(
    args: &Args,
    folder: &Path,
    progress: &[u8],
    threshold: u8,
) -> std::io::Result<()> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (column, name) in ["单位", "任务", "状态", "完成日期", "说明"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, *name).map_err(fail)?;
    }
    let mut row = 0u32;
    for unit in 0..args.units {
        let name = unit_name(unit);
        for task in 0..args.tasks {
            row += 1;
            let point = progress.get(unit * args.tasks + task).copied().unwrap_or(0);
            let (status, date, note) = row_of(point, threshold);
            sheet.write_string(row, 0, &name).map_err(fail)?;
            sheet
                .write_number(row, 1, (task + 1) as f64)
                .map_err(fail)?;
            sheet.write_string(row, 2, status).map_err(fail)?;
            if let Some((y, m, d)) = date {
                let date = ExcelDateTime::from_ymd(y, m, d).map_err(fail)?;
                sheet
                    .write_datetime_with_format(row, 3, &date, &date_format)
                    .map_err(fail)?;
            }
            if !note.is_empty() {
                sheet.write_string(row, 4, note).map_err(fail)?;
            }
        }
    }
    workbook.save(folder.join("all.xlsx")).map_err(fail)
}

fn write_period(args: &Args, folder: &Path, progress: &[u8], threshold: u8) -> std::io::Result<()> {
    if args.xlsx {
        return write_workbook(args, folder, progress, threshold);
    }
    let header = "单位,任务,状态,完成日期,说明\n";
    let mut combined =
        std::io::BufWriter::new(std::fs::File::create(folder.join(if args.per_unit {
            ".unused"
        } else {
            "all.csv"
        }))?);
    if !args.per_unit {
        combined.write_all(header.as_bytes())?;
    }
    for unit in 0..args.units {
        let mut sheet = String::new();
        for task in 0..args.tasks {
            let point = progress.get(unit * args.tasks + task).copied().unwrap_or(0);
            let (status, date, note) = row_of(point, threshold);
            let date = date.map_or_else(String::new, |(y, m, d)| format!("{y}-{m:02}-{d:02}"));
            let _ = writeln!(
                sheet,
                "{},{},{status},{date},{note}",
                unit_name(unit),
                task + 1
            );
        }
        if args.per_unit {
            std::fs::write(
                folder.join(format!("{}.csv", unit_name(unit))),
                format!("{header}{sheet}"),
            )?;
        } else {
            combined.write_all(sheet.as_bytes())?;
        }
    }
    combined.flush()?;
    drop(combined);
    if args.per_unit {
        std::fs::remove_file(folder.join(".unused"))?;
    }
    Ok(())
}
