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
