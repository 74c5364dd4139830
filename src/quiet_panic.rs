//! Panics inside third-party parsers of untrusted files are turned into diagnostics; while one
//! is being caught, the panic hook stays quiet so the clerk sees the diagnostic, not a
//! backtrace. Any other panic is reported as usual.

use std::cell::Cell;

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`, returning `None` if it panicked. The panic prints nothing.
pub fn catching<T>(work: impl FnOnce() -> T) -> Option<T> {
    let before = CATCHING.with(|catching| catching.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CATCHING.with(|catching| catching.set(before));
    result.ok()
}

/// Installs a panic hook that is silent inside [`catching`] and the default one elsewhere.
pub fn install_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !CATCHING.with(Cell::get) {
            default(info);
        }
    }));
}
