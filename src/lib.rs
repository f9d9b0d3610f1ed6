//! privlint: a static-analysis linter for privacy risks in source code.
//!
//! Data flows one way: [`discover`] → [`lang`] (parse + extract) → [`facts`] → [`rules`] →
//! [`report`]. [`engine`] runs that pipeline in parallel; [`map`] turns one run into the data
//! inventory.

pub mod baseline;
pub mod budget;
pub mod cache;
pub mod catalog;
pub mod classify;
pub mod cli;
pub mod config;
pub mod diffbase;
pub mod discover;
pub mod engine;
pub mod facts;
pub mod git;
pub mod lang;
pub mod map;
pub mod prefilter;
pub mod redact;
pub mod repo_index;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
