use std::env;

use lettre::message::Mailbox;
use tracing::{debug, info};

pub fn boot() {
    let args: Vec<String> = env::args().collect();
    println!("started with {:?}", args); // expect: pii-in-logs
    println!("started with {} arguments", args.len()); // ok: a count
    let key = env::var("STRIPE_SECRET_KEY").unwrap_or_default();
    info!("stripe key {}", key); // expect: pii-in-logs
    let region = env::var("AWS_REGION").unwrap_or_default();
    info!("region {}", region); // ok: configuration
}

pub fn notify(to: Mailbox, order_id: u64) {
    debug!("sending receipt to {}", to); // expect: pii-in-logs
    debug!("sending receipt for order {}", order_id); // ok: an id
}

pub fn session(claims: &Claims, secret: &[u8]) {
    let jwt = jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(secret)).unwrap();
    debug!("issued {}", jwt); // expect: pii-in-logs
    debug!("issued a session for {}", claims.sub); // ok: a subject id
}

pub async fn trace_session(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let cookie = req.headers().get(axum::http::header::COOKIE).cloned();
    debug!(?cookie, path = %req.uri().path(), "session trace"); // expect: pii-in-logs
    debug!(has_cookie = cookie.is_some(), path = %req.uri().path(), "session trace"); // ok: a flag
    next.run(req).await
}

pub fn audit(headers: &HeaderMap) {
    info!("request headers {:?}", headers); // expect: pii-in-logs
    info!("request id {:?}", headers.get("x-request-id")); // ok: one named header
}

// An actix-web handler left printing its request while debugging a routing problem.
async fn profile_page(req: actix_web::HttpRequest) -> String {
    println!("REQ: {:?}", req); // expect: pii-in-logs
    println!("REQ path: {}", req.path()); // ok: a path
    String::new()
}

fn print_startup_config(verbose: bool) {
    // A CLI's `--verbose` start-up banner.
    if verbose {
        for (key, value) in std::env::vars() {
            eprintln!("{key}={value}"); // expect: pii-in-logs
        }
        for (key, _) in std::env::vars() {
            eprintln!("env var set: {key}"); // ok: names only
        }
    }
}

async fn log_request(req: HttpRequest) -> HttpResponse {
    // actix-web handler instrumented while chasing a proxy bug.
    for (name, value) in req.headers().iter() {
        log::debug!("{}: {:?}", name, value); // expect: pii-in-logs
    }
    for name in req.headers().keys() {
        log::debug!("header present: {}", name); // ok: header names
    }
    HttpResponse::Ok().finish()
}

pub async fn exchange_code(client: &reqwest::Client, code: &str) -> reqwest::Result<()> {
    let resp = client
        .post("https://oauth2.googleapis.com/token")
        .form(&[("code", code)])
        .send()
        .await?;
    let status = resp.status();
    log::debug!("token endpoint answered {}", status); // ok: the status
    let body = resp.text().await?;
    log::debug!("token response {}", body); // expect: pii-in-logs
    Ok(())
}
