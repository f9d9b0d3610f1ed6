//! `privlint map` names the handlers that collect each form, schema, DTO or request
//! payload, with their routes, in each language; functions that take no request input are
//! not handlers.

mod common;
use common::map;

use std::fs;

use serde_json::Value;

/// Each collected entity of the project as `name: handler, handler`, sorted.
fn collected(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let p = dir.path().join(p);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    let out = map(dir.path(), "json");
    let map: Value = serde_json::from_str(&out).unwrap();
    let mut rows: Vec<String> = map["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["collected"] == true)
        .map(|e| {
            let hs: Vec<String> = e["handlers"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|h| format!("{} @{}", h["what"].as_str().unwrap(), h["line"]))
                        .collect()
                })
                .unwrap_or_default();
            format!("{}: {}", e["name"].as_str().unwrap(), hs.join(", "))
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn python_routes_forms_schemas_and_payloads() {
    let rows = collected(&[
        (
            "app/schemas.py",
            "from pydantic import BaseModel\n\nclass SignupIn(BaseModel):\n    email: str\n    phone: str\n",
        ),
        (
            "app/forms.py",
            "from flask_wtf import FlaskForm\nfrom wtforms import StringField\n\nclass ContactForm(FlaskForm):\n    email = StringField()\n",
        ),
        (
            "app/api.py",
            concat!(
                "from fastapi import APIRouter\nfrom .schemas import SignupIn\n\nrouter = APIRouter()\n\n",
                "@router.post(\"/signup\")\ndef signup(body: SignupIn):\n    return body.email + body.phone\n\n",
                "def helper(body: SignupIn):\n    return body\n",
            ),
        ),
        (
            "app/views.py",
            concat!(
                "from flask import Blueprint, request\nfrom .forms import ContactForm\n\nbp = Blueprint('x', __name__)\n\n",
                "@bp.route(\"/contact\", methods=[\"GET\", \"POST\"])\ndef contact():\n    form = ContactForm()\n    return form.email.data\n\n",
                "@bp.route(\"/about\")\ndef about():\n    return 'about'\n\n",
                "@bp.post(\"/callback\")\ndef callback():\n    return request.form[\"phone\"]\n",
            ),
        ),
    ]);
    assert_eq!(
        rows,
        [
            "ContactForm: GET|POST /contact (contact) @7",
            "SignupIn: POST /signup (signup) @7",
            "request: POST /callback (callback) @16",
        ]
    );
}

#[test]
fn express_and_nest_routes() {
    let rows = collected(&[
        (
            "src/routes.js",
            concat!(
                "const router = require('express').Router();\n",
                "router.post('/contacts', async (req, res) => {\n  const { email, phone } = req.body;\n  res.json({ email, phone });\n});\n",
                "router.get('/health', (req, res) => res.send('ok'));\n",
                "router.put('/profile', updateProfile);\n",
                "function updateProfile(req, res) {\n  const { homeAddress } = req.body;\n  res.json({ address: homeAddress });\n}\n",
            ),
        ),
        (
            "src/create-user.dto.ts",
            "import { IsEmail } from 'class-validator';\nexport class CreateUserDto {\n  @IsEmail()\n  email: string;\n  phone: string;\n}\n",
        ),
        (
            "src/users.controller.ts",
            concat!(
                "import { Body, Controller, Get, Post } from '@nestjs/common';\n",
                "import { CreateUserDto } from './create-user.dto';\n",
                "@Controller('users')\nexport class UsersController {\n",
                "  @Post('signup')\n  create(@Body() dto: CreateUserDto) {\n    return dto.email + dto.phone;\n  }\n",
                "  @Get()\n  list() {\n    return [];\n  }\n}\n",
            ),
        ),
    ]);
    assert_eq!(
        rows,
        [
            "CreateUserDto: POST /users/signup (create) @6",
            "req.body: POST /contacts @2",
            "req.body: PUT /profile (updateProfile) @8",
        ]
    );
}

#[test]
fn axum_and_actix_routes() {
    let rows = collected(&[
        (
            "src/model.rs",
            "#[derive(serde::Deserialize)]\npub struct Signup {\n    pub email: String,\n    pub phone: String,\n}\n\n#[derive(serde::Deserialize)]\npub struct Feedback {\n    pub email: String,\n}\n",
        ),
        (
            "src/main.rs",
            concat!(
                "use axum::{routing::{get, post}, Form, Json, Router};\nuse crate::model::{Feedback, Signup};\n",
                "pub async fn signup(Json(s): Json<Signup>) -> String { format!(\"{}{}\", s.email, s.phone) }\n",
                "pub fn app() -> Router { Router::new().route(\"/signup\", get(page).post(signup)) }\n",
                "#[actix_web::post(\"/feedback\")]\nasync fn feedback(f: actix_web::web::Form<Feedback>) -> String { f.email.clone() }\n",
                "async fn page() -> &'static str { \"\" }\n",
            ),
        ),
    ]);
    assert_eq!(
        rows,
        [
            "Feedback: POST /feedback (feedback) @6",
            "Signup: POST /signup (signup) @3",
        ]
    );
}
