//! What an entity's name or a file's place says about a store: an append-only log or queue
//! that grows unless purged, a schema migration that runs once.

/// What kind of append-only store an entity's name says it is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Store {
    /// A record of what people do: it grows while they exist.
    Log,
    /// Messages and requests that pile up: outboxes, invitations, feedback.
    Queue,
}

/// `AccessLog`, `login_attempts`, `BounceEvent`, `Outbox`, `Invitation`: stores that only
/// ever grow unless something purges them.
pub(super) fn append_only(name: &str) -> Option<Store> {
    let words: Vec<String> = crate::repo_index::words(name);
    let last = words.last().map(String::as_str).unwrap_or("");
    let last = last
        .strip_suffix('s')
        .filter(|w| w.len() > 2)
        .unwrap_or(last);
    match last {
        "log" | "audit" | "event" | "ping" | "visit" | "attempt" | "history" | "activity"
        | "access" | "hit" | "view" | "trail" => Some(Store::Log),
        "outbox" | "invitation" | "invite" | "feedback" | "delivery" | "deliverie" => {
            Some(Store::Queue)
        }
        _ => None,
    }
}

/// Schema migrations (`migrations/`, Alembic `versions/`): a `DELETE` or `UPDATE` there runs
/// once at deploy time, it is no erasure path.
pub(super) fn is_migration_path(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "migrations" | "migration" | "alembic" | "versions" | "migrate"
        )
    })
}
