//! Every units × tasks table of the program (assignments, reports, where a report was read):
//! one dense grid addressed by typed indices, so a task can never be passed where a unit is
//! meant and the arithmetic of the layout is written once.

use std::num::NonZeroU32;

/// A task's position in [`crate::model::Plan::tasks`] (plan order), not its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskIx(pub usize);

/// A unit's position in [`crate::model::Plan::units`] (canonical order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitIx(pub usize);

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

/// At most one value for each (task, unit), kept in the order they came. The grid holds only
/// the values' positions, zero for none: the system hands out zeroed memory untouched, so an
/// empty table costs nothing however large the plan, and filling one writes each cell once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<T> {
    slots: Grid<Option<NonZeroU32>>,
    values: Vec<T>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            slots: Grid::default(),
            values: Vec::new(),
        }
    }
}

impl<T> Table<T> {
    /// An empty table of `tasks` × `units` (bounded by the plan, see
    /// [`crate::model::plan::MAX_GRID_CELLS`], so every position fits in a `u32`).
    pub fn new(tasks: usize, units: usize) -> Self {
        Self {
            slots: Grid::new(tasks, units, None),
            values: Vec::new(),
        }
    }

    fn position(&self, task: TaskIx, unit: UnitIx) -> Option<usize> {
        let slot = (*self.slots.get(task, unit)?)?;
        usize::try_from(slot.get() - 1).ok()
    }

    /// The value of (`task`, `unit`), if one was set.
    pub fn get(&self, task: TaskIx, unit: UnitIx) -> Option<&T> {
        self.position(task, unit)
            .and_then(|position| self.values.get(position))
    }

    /// Sets the value of (`task`, `unit`), replacing any; a place outside the table is ignored.
    pub fn set(&mut self, task: TaskIx, unit: UnitIx, value: T) {
        if let Some(position) = self.position(task, unit) {
            if let Some(old) = self.values.get_mut(position) {
                *old = value;
            }
            return;
        }
        let next = u32::try_from(self.values.len() + 1)
            .ok()
            .and_then(NonZeroU32::new);
        if let (Some(slot), Some(next)) = (self.slots.get_mut(task, unit), next) {
            *slot = Some(next);
            self.values.push(value);
        }
    }

    /// The values of one unit, task by task.
    pub fn unit_column(&self, unit: UnitIx) -> impl Iterator<Item = (TaskIx, &T)> + '_ {
        (0..self.slots.tasks()).filter_map(move |task| {
            let task = TaskIx(task);
            self.get(task, unit).map(|value| (task, value))
        })
    }

    /// The values of one task, unit by unit.
    pub fn task_row(&self, task: TaskIx) -> impl Iterator<Item = (UnitIx, &T)> + '_ {
        (0..self.slots.units()).filter_map(move |unit| {
            let unit = UnitIx(unit);
            self.get(task, unit).map(|value| (unit, value))
        })
    }

    /// Whether some (task, unit) has a value in both tables. (Looked at 256 slots a step, each
    /// step without a branch, which the compiler makes vector instructions of.)
    pub fn overlaps<U>(&self, other: &Table<U>) -> bool {
        self.slots
            .cells
            .chunks(256)
            .zip(other.slots.cells.chunks(256))
            .any(|(here, there)| {
                here.iter()
                    .zip(there)
                    .fold(false, |both, (a, b)| both | (a.is_some() & b.is_some()))
            })
    }

    /// Takes every value of `other` (a table of the same shape) into this one, as if each had
    /// been set here in the order it was set there.
    pub fn fill_from(&mut self, other: Table<T>) {
        let offset = u32::try_from(self.values.len()).ok();
        let same_shape =
            (self.slots.tasks, self.slots.units) == (other.slots.tasks, other.slots.units);
        match offset {
            Some(offset) if same_shape && !self.overlaps(&other) => {
                // Nothing to replace: the values follow those here, their slots shifted past them.
                self.values.extend(other.values);
                for (here, there) in self.slots.cells.iter_mut().zip(other.slots.cells) {
                    if let Some(there) = there {
                        *here = there.checked_add(offset);
                    }
                }
            }
            _ => self.set_each(other),
        }
    }

    /// [`fill_from`](Self::fill_from) one value at a time, replacing those set in both.
    fn set_each(&mut self, other: Table<T>) {
        // Where each value of `other` stands, in the order the values were set.
        let mut slot_of = vec![usize::MAX; other.values.len()];
        for (index, slot) in other.slots.cells.iter().enumerate() {
            let position = slot.and_then(|slot| usize::try_from(slot.get() - 1).ok());
            if let Some(at) = position.and_then(|position| slot_of.get_mut(position)) {
                *at = index;
            }
        }
        let units = other.slots.units.max(1);
        for (value, index) in other.values.into_iter().zip(slot_of) {
            self.set(TaskIx(index / units), UnitIx(index % units), value);
        }
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

    #[test]
    fn tables_are_filled_from_each_other_and_tell_overlaps() {
        let mut here = Table::new(2, 3);
        let mut there = Table::new(2, 3);
        here.set(TaskIx(0), UnitIx(0), 'a');
        here.set(TaskIx(0), UnitIx(0), 'A');
        there.set(TaskIx(1), UnitIx(2), 'b');
        assert!(!here.overlaps(&there));
        assert_eq!(here.get(TaskIx(0), UnitIx(0)), Some(&'A'));
        assert_eq!(here.get(TaskIx(5), UnitIx(0)), None);
        here.fill_from(there.clone());
        assert_eq!(here.get(TaskIx(1), UnitIx(2)), Some(&'b'));
        assert!(here.overlaps(&there));
        // Filled as if set here one by one: the same table, values in the same order.
        let mut one_by_one = Table::new(2, 3);
        one_by_one.set(TaskIx(0), UnitIx(0), 'A');
        one_by_one.set(TaskIx(1), UnitIx(2), 'b');
        assert_eq!(here, one_by_one);
        // Set in both: the value of `other` replaces this one, in its place.
        let mut again = Table::new(2, 3);
        again.set(TaskIx(1), UnitIx(1), 'c');
        again.set(TaskIx(0), UnitIx(0), 'd');
        here.fill_from(again);
        one_by_one.set(TaskIx(1), UnitIx(1), 'c');
        one_by_one.set(TaskIx(0), UnitIx(0), 'd');
        assert_eq!(here, one_by_one);
        let column: Vec<_> = here.unit_column(UnitIx(2)).collect();
        assert_eq!(column, [(TaskIx(1), &'b')]);
    }
}
