//! `bulletin validate`: the sample is clean; broken sheets are named to the cell.

use crate::workdir::run_in_repo;

#[test]
fn the_sample_periods_are_clean() {
    for period in ["data/periods/2021-04", "data/periods/2021-05"] {
        let run = run_in_repo(&["validate", period]).expect_code(0);
        assert!(
            run.stdout.ends_with("0 个错误，0 个警告，没有发现问题\n"),
            "{}",
            run.stdout
        );
    }
}
