//! Reading the user's files: the plan and period (YAML), the status sheets (CSV, .xlsx).

pub mod date;
pub mod figure;
pub mod period;
pub mod sheet;
pub mod yaml;
pub mod yaml_mistakes;
