//! Every units × tasks table of the program (assignments, reports, where a report was read):
//! one dense grid addressed by typed indices, so a task can never be passed where a unit is
//! meant and the arithmetic of the layout is written once.

use std::fmt;

/// A task's position in [`crate::model::Plan::tasks`] (plan order), not its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskIx(pub usize);

/// A unit's position in [`crate::model::Plan::units`] (canonical order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitIx(pub usize);

impl TaskIx {
    pub fn index(self) -> usize {
        self.0
    }
}

impl UnitIx {
    pub fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for TaskIx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "task#{}", self.0)
    }
}

impl fmt::Display for UnitIx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unit#{}", self.0)
    }
}

/// A value for every (task, unit) pair, stored task by task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid<T> {
    tasks: usize,
    units: usize,
    cells: Vec<T>,
}

impl<T> Default for Grid<T> {
    fn default() -> Self {
        Self {
            tasks: 0,
            units: 0,
            cells: Vec::new(),
        }
    }
}

impl<T: Clone> Grid<T> {
    /// A grid of `tasks` × `units`, every cell `fill`. The plan bounds the size before any grid
    /// is made (see [`crate::model::plan::MAX_GRID_CELLS`]).
    pub fn new(tasks: usize, units: usize, fill: T) -> Self {
        Self {
            tasks,
            units,
            cells: vec![fill; tasks.saturating_mul(units)],
        }
    }
}

impl<T> Grid<T> {
    fn slot(&self, task: TaskIx, unit: UnitIx) -> Option<usize> {
        (task.0 < self.tasks && unit.0 < self.units).then(|| task.0 * self.units + unit.0)
    }

    /// The cell of (`task`, `unit`); `None` outside the grid.
    pub fn get(&self, task: TaskIx, unit: UnitIx) -> Option<&T> {
        self.slot(task, unit).and_then(|slot| self.cells.get(slot))
    }

    /// The cell of (`task`, `unit`) to change; `None` outside the grid.
    pub fn get_mut(&mut self, task: TaskIx, unit: UnitIx) -> Option<&mut T> {
        self.slot(task, unit)
            .and_then(|slot| self.cells.get_mut(slot))
    }

    /// Sets a cell; a place outside the grid is ignored.
    pub fn set(&mut self, task: TaskIx, unit: UnitIx, value: T) {
        if let Some(cell) = self.get_mut(task, unit) {
            *cell = value;
        }
    }

    /// The cells of one unit, task by task.
    pub fn unit_column(&self, unit: UnitIx) -> impl Iterator<Item = (TaskIx, &T)> + '_ {
        (0..self.tasks).filter_map(move |task| {
            let task = TaskIx(task);
            self.get(task, unit).map(|cell| (task, cell))
        })
    }

    pub fn tasks(&self) -> usize {
        self.tasks
    }

    pub fn units(&self) -> usize {
        self.units
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_addressed_by_task_and_unit_and_outside_is_none() {
        let mut grid = Grid::new(2, 3, 0u8);
        grid.set(TaskIx(1), UnitIx(2), 7);
        assert_eq!(grid.get(TaskIx(1), UnitIx(2)), Some(&7));
        assert_eq!(grid.get(TaskIx(0), UnitIx(2)), Some(&0));
        assert_eq!(grid.get(TaskIx(2), UnitIx(0)), None);
        assert_eq!(grid.get(TaskIx(0), UnitIx(3)), None);
        grid.set(TaskIx(5), UnitIx(5), 9);
        let column: Vec<_> = grid
            .unit_column(UnitIx(2))
            .map(|(t, v)| (t.0, *v))
            .collect();
        assert_eq!(column, [(0, 0), (1, 7)]);
    }
}
