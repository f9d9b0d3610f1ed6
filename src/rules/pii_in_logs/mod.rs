use std::collections::HashSet;

mod objects;
mod queries;
mod wrappers;

use super::{declare_rule, Check, DataTypeRef, Diagnostic, FileContext, RuleInfo, Severity};
use crate::classify::{Confidence, Match};
use crate::facts::{FileFacts, SinkCall, SinkKind, Via};

declare_rule! {
    /// ## What it finds
    /// Personal or secret data written to a log, the console, an error message or a
    /// telemetry service: `logger.info("signup %s", user.email)`, `console.log(req.body.password)`,
    /// `tracing::info!(email = %user.email, "signup")`, `raise ValueError(f"bad ssn {ssn}")`.
    ///
    /// A value counts when it reaches any argument, format hole (`%s`, `{}`, f-string,
    /// template literal, `{email}` inline args), keyword argument, `extra={…}` key, object
    /// literal key or tracing field. A whole object counts when its printed form holds
    /// personal fields: an instance of an entity of the repository, known by its type (an
    /// annotation, forward references included, `User.objects.get(…)`, `await
    /// User.findById(…)`) or, for an untyped parameter, by the entity its name answers to
    /// (`def refund(customer)`) and, for the request's signed-in user (Passport's
    /// `req.user`), by the entity named `user`, printed by `console.log`, `{:?}`, a dataclass or pydantic
    /// repr, or a `__str__` that returns personal fields (Django's and SQLAlchemy's default
    /// representations show none; the signed-in `request.user` shows its username). An
    /// ambiguous name (`token`, `to`) or a whole request body counts in code about
    /// credentials or mail: a function named for it (`reset_password`,
    /// `send_receipt`), an anonymous handler of such a route (`router.post("/login", …)`) or
    /// the verb method of a class-based view named for it (`post` of `LoginView`).
    /// A map secret by where it comes from (`os.environ`, `process.env`, `std::env::vars()`,
    /// a request's headers) counts whole, and so does each value of a loop over it (`for k,
    /// v in os.environ.items()`, `Object.entries(req.headers)`, a callback such as
    /// `Object.values(process.env).forEach(v => …)`) and the map read by the loop's key
    /// (`os.environ[k]` in `for k in os.environ`); its keys are only names.
    /// The body of a response from an endpoint that answers with credentials is a secret
    /// (`resp.json()` after `resp = requests.post(TOKEN_URL, …)`, `res.data` of `await
    /// axios.post("…/oauth/token")`, `resp.text().await?` after reqwest's `.send()`), the
    /// endpoint known by its URL (a path word such as `token`, `oauth`, `login`, or a
    /// constant named `TOKEN_URL`); its status is not, nor is the body in an error raised
    /// about it or under an `if` testing its status or in an exception handler, where it is
    /// the endpoint's complaint. A call named for building a request's credential header
    /// (`make_authorization_headers(client_id, client_secret)`) hands its arguments on.
    /// The constant text of a message is not data
    /// (`"email sent"` is clean), nor are internal ids (`user.id`, `user_id`), flags
    /// (`is_email_verified`), counts (`len(emails)`) or values passed through a masking,
    /// hashing or redacting call (`mask_email(email)`, `token.replace(/./g, "*")`).
    /// User-facing validation errors (`ValidationError`, `Invalid`) and thrown responses
    /// (`throw data({…})`) are not sinks; enum members, session ids and setting names are not
    /// data. Test code (`tests/`, `*.spec.ts`, `#[cfg(test)]`) is not reported: it logs
    /// fixtures on purpose.
    ///
    /// ## Why it matters
    /// Logs are copied to aggregators, backups and third parties, kept for months, and read by
    /// people who have no need for the data (GDPR Art. 5(1)(c) and 32; CWE-532, CWE-359).
    /// A password or token in a log is a credential leak.
    ///
    /// ## Example
    /// ```python
    /// logger.info("password reset for %s", user.email)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// logger.info("password reset for user %s", user.id)
    /// ```
    ///
    /// ## Configuration
    /// Extra sinks: `[sinks] python = ["acme.audit.log"]`; extra sanitizers:
    /// `[sanitizers] extra = ["acme.privacy.scrub"]`; extra data types: `[[data-types]]`.
    pub struct PiiInLogs;
}

pub const INFO: RuleInfo = RuleInfo {
    name: "pii-in-logs",
    summary: "personal or secret data written to a log, console, error message or telemetry",
    doc: PiiInLogs::DOC,
    default_severity: Severity::Error,
    tags: &[
        "privacy",
        "security",
        "external/cwe/cwe-532",
        "external/cwe/cwe-359",
    ],
    security_severity: "6.5",
    default_enabled: true,
    check: Check::Both(check, check_repo),
};

/// Data types logged so often on purpose, and so harmless alone, that reporting them would be
/// noise (taxonomy.md §A, "suggested default report set").
const NOT_REPORTED: &[&str] = &["identity.user_id", "loc.coarse", "demographic.other"];

/// The repository part: whole objects, and calls of the project's own logging functions.
fn check_repo(ctx: &super::RepoContext, out: &mut Vec<super::RepoDiagnostic>) {
    objects::check(ctx, out);
    wrappers::check(ctx, out);
    queries::check(ctx, out);
}

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Diagnostic>) {
    // Tests log fixture data on purpose (README, "Test code").
    if crate::repo_index::is_test_path(ctx.path) {
        return;
    }
    for sink in &facts.sinks {
        if let Some(d) = check_sink(ctx, sink) {
            out.push(d);
        }
    }
}

fn check_sink(ctx: &FileContext, sink: &SinkCall) -> Option<Diagnostic> {
    let classifier = ctx.classifier;
    let matches: Vec<Option<Match>> = sink
        .values
        .iter()
        .map(|v| {
            let by_name = classifier
                .classify_path(&v.path, v.declared_type.as_deref())
                .or_else(|| raw_body(classifier, sink, v));
            let by_name = match declared_data_type(classifier, v.declared_type.as_deref()) {
                Some(d) if by_name.as_ref().is_none_or(|m| m.confidence < d.confidence) => Some(d),
                _ => by_name,
            };
            // Where the value came from outranks a weak name (`raw`, `headers`, `to`).
            match v.source.as_ref().and_then(|s| source_match(classifier, s)) {
                Some(s) if by_name.as_ref().is_none_or(|m| m.confidence < s.confidence) => Some(s),
                _ => by_name,
            }
        })
        .collect();
    // An owner with one certain personal field makes its ambiguous ones personal too
    // (`contact.email` and `contact.name` in one call).
    let strong_owners: HashSet<&str> = sink
        .values
        .iter()
        .zip(&matches)
        .filter(|(_, m)| m.as_ref().is_some_and(|m| m.confidence == Confidence::High))
        .filter_map(|(v, _)| owner(&v.path))
        .collect();
    let mut hits = Vec::new();
    for (v, m) in sink.values.iter().zip(matches) {
        let Some(mut m) = m else { continue };
        let def = classifier.data_type(&m);
        if m.transformed || NOT_REPORTED.contains(&def.id.as_str()) {
            continue;
        }
        if v.via == Via::Value && is_constant(&v.path) && !def.id.starts_with("cred.") {
            continue;
        }
        if v.via == Via::Field && value_is_metadata(ctx, v.value_path.as_deref()) {
            continue;
        }
        if m.confidence == Confidence::Low
            && owner(&v.path).is_some_and(|o| strong_owners.contains(o))
        {
            m.confidence = Confidence::Medium;
        }
        // `token` in `reset_password`, `to` in `send_receipt`: what the function is about
        // decides an ambiguous name (a lexer's `token` stays clean).
        if m.confidence == Confidence::Low && !generic_head(&v.path) {
            if let Some((f, about)) = sink
                .function
                .as_deref()
                .and_then(|f| purpose(f, &def.id).map(|a| (f, a)))
            {
                m.confidence = Confidence::Medium;
                m.reason = format!("{}, in `{f}`, a function about {about}", m.reason);
            }
        }
        if m.confidence < Confidence::Medium {
            continue;
        }
        hits.push((v, m));
    }
    if hits.is_empty() {
        return None;
    }
    hits.sort_by_key(|(v, _)| v.span);
    let mut types: Vec<DataTypeRef> = Vec::new();
    let mut related = Vec::new();
    let mut reasons = Vec::new();
    for (v, m) in &hits {
        let def = classifier.data_type(m);
        if !types.iter().any(|t| t.id == def.id) {
            types.push(DataTypeRef {
                id: def.id.clone(),
                fides: def.fides.clone(),
                name: def.name.clone(),
                sensitivity: def.sensitivity,
            });
            reasons.push(m.reason.clone());
        }
        let shown = v.path.join(".");
        let how = match v.via {
            Via::Value => format!("`{shown}` is {}", article(&def.name)),
            Via::Key => format!("`{shown}` reads the key of {}", article(&def.name)),
            Via::Field => format!("field `{shown}` holds {}", article(&def.name)),
        };
        match &v.through {
            Some(t) => {
                related.push((v.span, format!("{how}, assigned to `{}` here", t.var)));
                let label = format!("`{}` carries it into the sink", t.var);
                if !related.iter().any(|(s, m)| *s == t.span && *m == label) {
                    related.push((t.span, label));
                }
            }
            None => related.push((v.span, how)),
        }
    }
    let sensitivity = types.iter().map(|t| t.sensitivity).max()?;
    let confidence = hits.iter().map(|(_, m)| m.confidence).max()?;
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    let message = match &sink.vendor {
        Some(v) => format!("{} sent to {v}{THIRD_PARTY}", join_names(&names)),
        None => format!("{} {}", join_names(&names), sink.kind.phrase()),
    };
    let mut notes: Vec<String> = types
        .iter()
        .map(|t| {
            format!(
                "data type: {} (`{}`, fideslang `{}`, sensitivity {})",
                t.name,
                t.id,
                t.fides,
                t.sensitivity.as_str()
            )
        })
        .collect();
    // `#[instrument]` records arguments; thiserror's `#[error("…")]` formats fields into the
    // message: each gets its own reason and remedy.
    let attribute = sink.callee.starts_with("#[");
    let instrument = attribute && sink.callee.contains("instrument");
    let why = if instrument {
        "records every function argument not listed in `skip(…)`".to_string()
    } else if attribute && sink.kind == SinkKind::Error {
        "formats the error's message from the fields it names, and error messages end up in logs and error trackers".to_string()
    } else if let Some(v) = &sink.vendor {
        format!("is a call of the {v} SDK, which sends what it is given to {v}")
    } else {
        format!("is {}", sink_reason(sink.kind))
    };
    notes.push(format!(
        "why: `{}` {why}; {}",
        sink.callee,
        reasons.join("; ")
    ));
    let mut key_paths: Vec<String> = hits.iter().map(|(v, _)| v.path.join(".")).collect();
    key_paths.sort();
    key_paths.dedup();
    Some(Diagnostic {
        rule: INFO.name,
        severity: Severity::from_sensitivity(sensitivity),
        confidence,
        message,
        span: sink.span,
        label: if instrument {
            "every argument recorded here".to_string()
        } else {
            format!("{} here", sink_label(sink.kind))
        },
        data_types: types,
        related,
        notes,
        help: if instrument {
            "add the parameter to `skip(…)` (or use `skip_all`) and record an id in `fields(…)` instead".to_string()
        } else if attribute && sink.kind == SinkKind::Error {
            "leave the field out of the `#[error(\"…\")]` message (name the record by its id), or write `Display` by hand with the value masked".to_string()
        } else {
            help(sink.kind).to_string()
        },
        fingerprint_key: format!("{}|{}", sink.callee, key_paths.join(",")),
    })
}

/// The whole body of a request, or a bag of a user's data, logged in code about
/// authentication or mail: in `login(…)` it holds the credentials, in `send_receipt(…)` the
/// addresses. Only where the value is certainly the input: `req.body`, `request.POST`, a
/// queued job's `job.data`, a `Json<Value>`/`dict`/`any` parameter named
/// `body`/`payload`/`data`, or `userdata`. Response
/// bodies and error messages are left out: code logs them when a call failed, and they hold
/// an error description far more often than the payload.
fn raw_body(
    c: &crate::classify::Classifier,
    sink: &SinkCall,
    v: &crate::facts::DataRef,
) -> Option<Match> {
    if v.via != Via::Value || sink.kind == SinkKind::Error {
        return None;
    }
    let p: Vec<&str> = v.path.iter().map(String::as_str).collect();
    // A type that says nothing of its content (`Json<Value>`, `dict`, `any`), word by word:
    // `Company` is not `any`.
    let untyped = v.declared_type.as_deref().is_some_and(|t| {
        t.split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| {
                matches!(
                    w,
                    "Value"
                        | "HashMap"
                        | "BTreeMap"
                        | "dict"
                        | "Dict"
                        | "any"
                        | "Record"
                        | "object"
                )
            })
    });
    let whole = match p.as_slice() {
        // `request.json`, `self.request.data`, `flask.request.get_json()`.
        [.., "req" | "request", "body" | "data" | "POST" | "json" | "form" | "get_json"] => true,
        // A queued job's payload is the worker's whole input (Bull `job.data`, Celery args).
        ["job" | "task", "data" | "payload" | "args" | "kwargs"] => true,
        ["userdata" | "user_data"] => true,
        ["body" | "payload" | "data"] => untyped,
        _ => false,
    };
    if !whole {
        return None;
    }
    let f = sink.function.as_deref()?;
    let (id, about) = [
        ("cred.secret_token", "cred."),
        ("contact.email", "contact.email"),
    ]
    .into_iter()
    .find_map(|(id, prefix)| purpose(f, prefix).map(|about| (id, about)))?;
    let type_index = c.taxonomy.types.iter().position(|t| t.id == id)?;
    Some(Match {
        type_index,
        confidence: Confidence::Medium,
        transformed: false,
        reason: format!(
            "`{}` is the whole input in `{f}`, a function about {about}, which carries {}",
            v.path.join("."),
            if id == "cred.secret_token" {
                "credentials"
            } else {
                "addresses"
            }
        ),
    })
}

/// `SOLAR_INVALID_LATITUDE`, `DEFAULT_EMAIL`: a constant is configuration or message text,
/// never a person's data (credentials excepted: `API_KEY` is a secret).
fn is_constant(path: &[String]) -> bool {
    let upper = |s: &String| s.starts_with(|c: char| c.is_ascii_uppercase());
    // `ErrorCode.UnverifiedEmail`, `Role::Admin`: a member of an enum or a type.
    let member = path.len() >= 2 && upper(&path[path.len() - 2]) && upper(&path[path.len() - 1]);
    member
        || path.last().is_some_and(|s| {
            s.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !s.chars().any(|c| c.is_lowercase())
        })
}

/// Value heads that describe data rather than hold it: `"username": field.verbose_name`.
const METADATA_HEADS: &[&str] = &[
    "name",
    "label",
    "title",
    "field",
    "id",
    "pk",
    "uuid",
    "key",
    "type",
    "kind",
    "format",
    "template",
    "pattern",
    "regex",
    "count",
    "total",
    "length",
    "len",
    "size",
    "message",
    "msg",
    "url",
    "path",
    "status",
    "code",
    "version",
    "description",
    "help",
    "placeholder",
];

/// A structured field named like personal data whose value says it is something else.
fn value_is_metadata(ctx: &FileContext, value: Option<&[String]>) -> bool {
    let Some(value) = value else { return false };
    let informative = ctx
        .classifier
        .classify_path(value, None)
        .is_some_and(|m| m.confidence > Confidence::Low);
    if informative {
        return false;
    }
    let head = value.last().map(|s| {
        crate::classify::tokenize::tokenize(s, crate::classify::Lexicon::builtin())
            .pop()
            .unwrap_or_default()
    });
    head.is_some_and(|h| METADATA_HEADS.contains(&h.as_str()))
}

/// Words of a function's name that say it handles credentials, mail or payments, with the
/// data types an ambiguous name then most likely holds.
const PURPOSES: &[(&str, &[&str], &str)] = &[
    (
        "authentication",
        &[
            "login",
            "logout",
            "signin",
            "signup",
            "signout",
            "register",
            "registration",
            "reset",
            "password",
            "passwd",
            "auth",
            "authenticate",
            "authorize",
            "oauth",
            "session",
            "verify",
            "verification",
            "confirm",
            "invite",
            "otp",
            "mfa",
            "credential",
            "credentials",
            "impersonate",
        ],
        "cred.",
    ),
    (
        "mail",
        &[
            "mail",
            "email",
            "mailer",
            "receipt",
            "newsletter",
            "notify",
            "invite",
        ],
        "contact.email",
    ),
    (
        "payments",
        &[
            "payment", "pay", "checkout", "charge", "billing", "invoice", "refund", "card",
        ],
        "fin.",
    ),
];

/// Names too generic for a function's purpose to decide (`key` is a map key or a field name
/// even in `validateAuthData`).
fn generic_head(path: &[String]) -> bool {
    let lex = crate::classify::Lexicon::builtin();
    let head = path
        .last()
        .and_then(|s| crate::classify::tokenize::tokenize(s, lex).pop());
    head.is_some_and(|h| {
        matches!(
            h.as_str(),
            "key" | "keys" | "id" | "name" | "code" | "value" | "number"
        )
    })
}

fn purpose(function: &str, data_type: &str) -> Option<&'static str> {
    let mut words =
        crate::classify::tokenize::split_words(function, crate::classify::Lexicon::builtin());
    // `signIn`, `log_in`, `handleSignUp`: a compound verb split by its case or underscore.
    let pairs: Vec<String> = words
        .windows(2)
        .map(|w| format!("{}{}", w[0], w[1]))
        .collect();
    words.extend(pairs);
    PURPOSES.iter().find_map(|(about, list, prefix)| {
        (data_type.starts_with(prefix) && words.iter().any(|w| list.contains(&w.as_str())))
            .then_some(*about)
    })
}

fn owner(path: &[String]) -> Option<&str> {
    (path.len() >= 2).then(|| path[path.len() - 2].as_str())
}

fn article(name: &str) -> String {
    let vowel = name.starts_with(['a', 'e', 'i', 'o', 'u', 'I']);
    let plural_like = name.ends_with("data")
        || name.ends_with("information")
        || name.ends_with("behaviour")
        || name.ends_with("content");
    if plural_like {
        name.to_string()
    } else if vowel {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn sink_label(kind: SinkKind) -> &'static str {
    match kind {
        SinkKind::Log => "logged",
        SinkKind::Print => "printed",
        SinkKind::Error => "put in an error message",
        SinkKind::Telemetry => "sent to telemetry",
    }
}

fn sink_reason(kind: SinkKind) -> &'static str {
    match kind {
        SinkKind::Log => "a logging call",
        SinkKind::Print => "console or debug output",
        SinkKind::Error => "an error whose message ends up in logs and error trackers",
        SinkKind::Telemetry => "a telemetry call that sends data to a third party",
    }
}

/// How a finding's message ends when a telemetry sink sends the data to a vendor.
const THIRD_PARTY: &str = ", a third party";

/// The third party a finding's message names (`… sent to Sentry, a third party`): for the
/// data map.
pub fn vendor_of(message: &str) -> Option<&str> {
    let head = message.strip_suffix(THIRD_PARTY)?;
    head.rsplit_once(" sent to ").map(|(_, v)| v)
}

fn help(kind: SinkKind) -> &'static str {
    match kind {
        SinkKind::Log | SinkKind::Print => {
            "log an internal identifier (e.g. `user.id`) instead, or mask the value before it is logged"
        }
        SinkKind::Error => {
            "keep personal data out of error messages: name the record by its id, or mask the value"
        }
        SinkKind::Telemetry => {
            "send an internal or pseudonymous id instead, or scrub the value in the client's before-send hook"
        }
    }
}

/// A declared type that names the data (`EmailStr`, `PhoneNumber`, `Option<Ssn>`): evidence
/// on its own, whatever the variable is called.
fn declared_data_type(c: &crate::classify::Classifier, declared: Option<&str>) -> Option<Match> {
    let d = declared?;
    let d = d
        .trim_start_matches('&')
        .trim_start_matches("Optional[")
        .trim_start_matches("Option<")
        .trim_end_matches([']', '>']);
    let d = d.rsplit(['.', ':']).next().unwrap_or(d);
    // Only scalar wrappers (`EmailStr`, `PhoneNumberField`): a class named `Address` is an
    // object, and `SecretStr` prints stars.
    let core = d.strip_suffix("Str").or_else(|| d.strip_suffix("Field"))?;
    if core.is_empty()
        || core.starts_with("Secret")
        || !core.starts_with(|ch: char| ch.is_ascii_uppercase())
    {
        return None;
    }
    c.classify(core, None, None)
        .filter(|m| m.confidence == crate::classify::Confidence::High)
}

/// A value's origin as a match: certain, with the origin as the reason.
fn source_match(c: &crate::classify::Classifier, s: &crate::facts::Source) -> Option<Match> {
    let type_index = c.taxonomy.types.iter().position(|t| t.id == s.data_type)?;
    Some(Match {
        type_index,
        confidence: Confidence::High,
        transformed: false,
        reason: s.evidence.clone(),
    })
}
