//! A project's own logging functions: what each file defines that hands a parameter to a
//! sink, and the calls it makes of functions it defines or imports from the project. The
//! repository part of `pii-in-logs` joins the two across files.

use serde::{Deserialize, Serialize};

use super::{DataRef, SinkKind, Span};

/// `def debug_log(msg, *args): log.debug(msg, *args)`: parameter `param` (counted without
/// `self`) reaches a sink; with `rest`, so does every argument from there on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrapper {
    pub function: String,
    pub param: usize,
    /// The parameter's name: where it names the data, the inner sink is reported itself.
    pub param_name: String,
    pub rest: bool,
    pub kind: SinkKind,
    /// The inner sink, as written (`log.debug`), and where it is.
    pub sink: String,
    pub span: Span,
}

/// A call of a function this file defines or imports from the project (`debug_log(…)`,
/// `logger.log(…)` after `require("./logger")`), with the values each argument carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectCall {
    pub function: String,
    /// What the name was imported from (`.notify`, `./logger`), if not defined here.
    pub module: Option<String>,
    pub span: Span,
    /// Per positional argument, the data it carries.
    pub args: Vec<Vec<DataRef>>,
    /// Where the call hands on a parameter of the function it is in (`def audit(msg):
    /// debug_log(msg)`): that function, and (argument index, its parameter, rest?) pairs, so
    /// that a wrapper of a wrapper is a wrapper too.
    #[serde(default)]
    pub relay: Option<Relay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relay {
    pub caller: String,
    pub passed: Vec<Passed>,
}

/// Argument `arg` of the call is the caller's parameter `param` (named `name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passed {
    pub arg: usize,
    pub param: usize,
    pub rest: bool,
    pub name: String,
}
