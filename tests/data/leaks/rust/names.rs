use tracing::{info, warn};

pub fn signup(user: &User) {
    info!(email = %user.email, "signup"); // expect: pii-in-logs
    info!(user_id = %user.id, "signup"); // ok: an id
    warn!("password rejected for {}", user.username); // expect: pii-in-logs
    warn!("password rejected for user {}", user.id); // ok: an id
    println!("ip {}", user.last_ip); // expect: pii-in-logs
    println!("is_email_verified {}", user.is_email_verified); // ok: a flag
}
