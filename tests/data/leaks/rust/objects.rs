//! A membership service's types, logged whole through nesting, wrappers, patterns and
//! return types.
use std::io::Write;

#[derive(Debug)]
pub struct Contact {
    pub email: String,
    pub phone: String,
}

#[derive(Debug)]
pub struct Member {
    pub id: u64,
    pub contact: Contact,
}

#[derive(Debug)]
pub struct Plan {
    pub id: u64,
    pub price_cents: u64,
}

pub enum Event {
    Joined(Member),
    Upgraded(Plan),
}

pub async fn load_member(id: u64) -> anyhow::Result<Member> {
    anyhow::bail!("{id}")
}

pub async fn handle(event: Event, cached: Option<Member>) -> anyhow::Result<()> {
    match event {
        Event::Joined(m) => tracing::info!(?m, "joined"), // expect: pii-in-logs
        Event::Upgraded(p) => tracing::info!(?p, "upgraded"), // ok: a plan has no personal field
    }
    if let Some(c) = cached {
        tracing::debug!("cache hit {:?}", c); // expect: pii-in-logs
    }
    let fresh = load_member(1).await?;
    tracing::debug!("loaded {fresh:?}"); // expect: pii-in-logs
    tracing::debug!("loaded member {}", fresh.id); // ok: an id
    Ok(())
}

impl Member {
    pub fn save(&self) {
        log::debug!("saving {:?}", self); // expect: pii-in-logs
        log::debug!("saving member {}", self.id); // ok: an id
    }
}

pub fn export(m: &Member) {
    let mut out = std::io::stderr().lock();
    out.write_all(m.contact.email.as_bytes()).unwrap(); // expect: pii-in-logs
    out.write_all(m.id.to_string().as_bytes()).unwrap(); // ok: an id
}
