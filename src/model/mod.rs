//! The pure core: the plan, what the units reported, how a task is classified and what changed
//! between periods. Nothing here touches a file, the clock or the command line.

pub mod classify;
pub mod diff;
pub mod goal;
pub mod grid;
pub mod pace;
pub mod plan;
pub mod ranking;
pub mod rate;
pub mod status;

pub use classify::{Class, Classified, TaskOutcome, classify_period, classify_task};
pub use grid::{Grid, Table, TaskIx, UnitIx};
pub use plan::{Assignment, Category, Deadline, Plan, Task, Unit, UnitKind, Wording};
pub use status::{Period, Report, Status};
