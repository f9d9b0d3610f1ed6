use std::fmt::Write as _;
use std::io::Write;

pub fn report(user: &User) {
    let mut out = String::new();
    writeln!(out, "user {}", user.email).unwrap();
    log::info!("{}", out); // expect: pii-in-logs
    let mut clean = String::new();
    writeln!(clean, "user {}", user.id).unwrap();
    log::info!("{}", clean); // ok: the buffer holds an id
}

pub fn dump(user: &User) {
    let stderr = std::io::stderr();
    let mut h = stderr.lock();
    writeln!(h, "phone {}", user.phone).ok(); // expect: pii-in-logs
    writeln!(h, "id {}", user.id).ok(); // ok: an id
}

pub fn authenticate(username: &str, password: &str, store: &Store) -> Result<Session, String> {
    match store.check(username, password) {
        Some(s) => Ok(s),
        None => Err(format!("login failed for {username} with password {password}")), // expect: pii-in-logs
    }
}

pub fn load_profile(id: u64, store: &Store) -> Result<Profile, String> {
    store
        .profile(id)
        .ok_or_else(|| format!("no profile with id {id}")) // ok: an internal id
}
