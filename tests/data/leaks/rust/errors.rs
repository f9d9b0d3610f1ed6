use std::fmt::Write as _;
use std::io::Write;

pub fn report(user: &User) -> String {
    let mut out = String::new();
    writeln!(out, "user {}", user.email).unwrap(); // expect: pii-in-logs
    writeln!(out, "user {}", user.id).unwrap(); // ok: an id
    out
}

pub fn dump(user: &User) {
    let stderr = std::io::stderr();
    let mut h = stderr.lock();
    writeln!(h, "phone {}", user.phone).ok(); // expect: pii-in-logs
    writeln!(h, "id {}", user.id).ok(); // ok: an id
}
