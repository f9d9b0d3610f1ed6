//! sqlx: `#[derive(FromRow)]` row structs (their SQL comes from `query!` strings, read as
//! embedded SQL).

use super::{Claim, RsFramework};
use crate::facts::Framework;

pub const FRAMEWORK: RsFramework = RsFramework {
    structure: Some(|s| {
        s.derives("FromRow")
            .then(|| Claim::new(Framework::SqlxRow, None))
            .flatten()
    }),
    ..RsFramework::NONE
};
