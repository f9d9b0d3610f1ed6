use axum::extract::{Form, Path, State};
use sqlx::PgPool;

use crate::model::{SubscribeForm, Subscriber};

pub async fn subscribe(State(pool): State<PgPool>, Form(form): Form<SubscribeForm>) -> &'static str {
    sqlx::query("INSERT INTO subscribers (email, full_name) VALUES ($1, $2)")
        .bind(&form.email)
        .bind(&form.full_name)
        .execute(&pool)
        .await
        .ok();
    "ok"
}

pub async fn unsubscribe(State(pool): State<PgPool>, Path(token): Path<String>) -> &'static str {
    sqlx::query("DELETE FROM subscribers WHERE id = (SELECT subscriber_id FROM subscription_tokens WHERE token = $1)")
        .bind(token)
        .execute(&pool)
        .await
        .ok();
    "bye"
}

pub async fn send_issue(pool: &PgPool, mailer: &Mailer, issue_id: i64) -> sqlx::Result<()> {
    let subs: Vec<Subscriber> = sqlx::query_as("SELECT * FROM subscribers WHERE confirmed").fetch_all(pool).await?;
    for s in subs {
        let greeting = match &s.full_name {
            Some(n) => format!("Dear {n}"),
            None => "Hello".to_string(),
        };
        mailer.send(&s.email, &greeting, issue_id).await;
        sqlx::query("INSERT INTO delivery_log (subscriber_id, recipient_email) VALUES ($1, $2)")
            .bind(s.id)
            .bind(&s.email)
            .execute(pool)
            .await?;
    }
    Ok(())
}
