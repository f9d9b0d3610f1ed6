use log::error;

fn log_expect<T, E: std::fmt::Debug>(r: Result<T, E>, what: &str) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            error!("{}: {:?}", what, e);
            None
        }
    }
}

fn trace_line(msg: String) {
    eprintln!("[trace] {}", msg);
}

pub fn register(user: &User, db: &Db) {
    trace_line(format!("register {}", user.email)); // expect: pii-in-logs
    trace_line(format!("register {}", user.id)); // ok: an id
    log_expect(db.insert(user), &format!("insert {}", user.phone)); // expect: pii-in-logs
    log_expect(db.insert(user), "insert user"); // ok: a constant
}
