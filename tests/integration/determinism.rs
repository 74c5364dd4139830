//! The same plan and sheets give the same bytes, whatever order the files are written in or
//! what they are called.

use crate::workdir::{Workdir, repo};

/// The sample period's files, as (name, bytes), in name order.
fn sample_files() -> Vec<(String, Vec<u8>)> {
    let folder = repo().join("data/periods/2021-05");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn outputs(work: &Workdir) -> Vec<Vec<u8>> {
    let mut outputs = Vec::new();
    for format in ["md", "text", "json", "docx", "xlsx"] {
        let out = format!("out.{format}");
        work.run(&[
            "generate",
            "p",
            "--plan",
            "plan.yaml",
            "--format",
            format,
            "-o",
            &out,
        ])
        .expect_code(0);
        outputs.push(std::fs::read(work.path().join(&out)).unwrap());
    }
    outputs
}

fn with_files(files: impl Iterator<Item = (String, Vec<u8>)>) -> Workdir {
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        std::fs::read(repo().join("data/plan.yaml")).unwrap(),
    );
    for (name, bytes) in files {
        work.write(&format!("p/{name}"), bytes);
    }
    work
}

#[test]
fn every_format_is_byte_identical_whatever_order_the_files_were_written_in() {
    let forward = with_files(sample_files().into_iter());
    let backward = with_files(sample_files().into_iter().rev());
    assert!(outputs(&forward) == outputs(&backward));
}

#[test]
fn renaming_the_sheets_changes_only_the_recorded_file_names() {
    let named = with_files(sample_files().into_iter());
    // Rename every sheet so the names sort in the opposite order.
    let files = sample_files();
    let count = files.len();
    let renamed = with_files(files.into_iter().enumerate().map(|(index, (name, bytes))| {
        if name == "period.yaml" {
            return (name, bytes);
        }
        let extension = name.rsplit('.').next().unwrap_or("csv").to_string();
        (format!("{:03}.{extension}", count - index), bytes)
    }));
    let (a, b) = (outputs(&named), outputs(&renamed));
    // text, docx and the workbook carry no file names: identical.
    assert!(a[1] == b[1], "text differs");
    assert!(a[3] == b[3], "docx differs");
    assert!(a[4] == b[4], "xlsx differs");
    // md and json record the inputs; the rest of them is identical.
    let md = |bytes: &[u8]| {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        text[..text.rfind("<!--").unwrap()].to_string()
    };
    assert_eq!(md(&a[0]), md(&b[0]));
    let json = |bytes: &[u8]| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        value["inputs"]["period"] = serde_json::Value::Null;
        value
    };
    assert_eq!(json(&a[2]), json(&b[2]));
}
