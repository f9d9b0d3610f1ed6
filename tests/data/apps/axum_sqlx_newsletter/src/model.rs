use serde::Deserialize;
use sqlx::FromRow;

#[derive(Debug, FromRow)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub full_name: Option<String>,
    pub country: Option<String>,
    pub confirmed: bool,
}

#[derive(Deserialize)]
pub struct SubscribeForm {
    pub email: String,
    pub full_name: Option<String>,
    pub date_of_birth: Option<String>,
}
