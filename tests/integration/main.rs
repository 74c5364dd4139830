//! End-to-end tests: every test drives the real binary, each in its own folder.

mod diff;
mod generate;
mod reference;
mod second_district;
mod validate;
mod workdir;
