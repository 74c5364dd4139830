//! End-to-end tests: every test drives the real binary, each in its own folder.

mod clerk;
mod cli;
mod damaged_books;
mod determinism;
mod diff;
mod docx;
mod escape;
mod excel_limits;
mod generate;
mod hostile;
mod hostile_books;
mod init;
mod layers;
mod messages;
mod minsheng;
mod office;
mod ooxml;
mod pace;
mod reference;
mod second_district;
mod sheets;
mod summary;
mod towns;
mod validate;
mod walkthrough;
mod workdir;
