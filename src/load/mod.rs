//! Reading the user's files: the plan and period (YAML), the status sheets (CSV, .xlsx), an
//! office's own task list (for `bulletin init`).

pub mod date;
pub mod figure;
pub mod period;
pub mod sheet;
pub mod tasklist;
pub mod yaml;
pub mod yaml_mistakes;
