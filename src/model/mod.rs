//! The pure core: the plan, what the units reported, how a task is classified and how the
//! bulletin words it. Nothing here touches a file, the clock or the command line.

pub mod classify;
pub mod diff;
pub mod numerals;
pub mod plan;
pub mod status;
pub mod wording;

pub use classify::{Class, TaskOutcome, classify_task};
pub use plan::{Assignment, Category, Deadline, Plan, Task, Unit, UnitKind, Wording};
pub use status::{Period, Report, Status};
