const jwt = require("jsonwebtoken");
const crypto = require("crypto");
const axios = require("axios");
const logger = require("./logger");

function issue(user) {
  const signed = jwt.sign({ sub: user.id }, process.env.JWT_SECRET);
  logger.info(`issued ${signed}`); // expect: pii-in-logs
  logger.info(`issued a session for ${user.id}`); // ok: an id
}

function newInvite(team) {
  const code = crypto.randomBytes(24).toString("hex");
  console.log("invite code", code); // expect: pii-in-logs
  const salt = crypto.randomInt(10);
  console.log("shard", salt); // ok: a random small number
}

function debugRequest(req, res, next) {
  console.log("headers", req.headers); // expect: pii-in-logs
  console.log("content type", req.headers["content-type"]); // ok: one named header
  console.log("cookies", req.cookies); // expect: pii-in-logs
  console.log("url", req.originalUrl); // ok: the route
  next();
}

function boot() {
  console.log("argv", process.argv); // expect: pii-in-logs
  console.log("argc", process.argv.length); // ok: a count
  const [command, ...rest] = process.argv.slice(2);
  console.log("running %s with %s", command, process.argv.slice(3).join(" ")); // expect: pii-in-logs
  console.log("script", process.argv[1]); // ok: the script's path
  console.log("env", process.env); // expect: pii-in-logs
  console.log("node env", process.env.NODE_ENV); // ok: configuration
  const key = process.env.SENDGRID_API_KEY;
  console.log("sendgrid key", key); // expect: pii-in-logs
  const port = process.env.PORT;
  console.log("port", port); // ok: configuration
}

// Session debugging middleware, as in many Express apps.
function sessionTrace(req, res, next) {
  const cookie = req.get("Cookie");
  console.log(`[session] ${req.method} ${req.path} cookie=${cookie}`); // expect: pii-in-logs
  console.log(`[session] ${req.method} ${req.path} cookie=${cookie ? "yes" : "no"}`); // ok: a flag
  logger.debug({ cookie: req.headers.cookie }, "incoming"); // expect: pii-in-logs
  logger.debug({ cookies: Object.keys(req.cookies || {}).length }, "incoming"); // ok: a count
  next();
}

// An API client's error handler, as axios's documentation writes it.
async function createInvoice(api, payload) {
  try {
    return await api.post("/invoices", payload);
  } catch (error) {
    if (error.response) {
      console.log(error.response.status, error.response.data);
    }
    console.log(error.config); // expect: pii-in-logs
    console.log("invoice request failed:", error.config && error.config.url); // ok: a URL
    throw error;
  }
}

function printConfig() {
  // `DEBUG=1 node server.js`: the start-up banner lists the environment.
  if (process.env.DEBUG) {
    for (const [key, value] of Object.entries(process.env)) {
      console.log(`${key}=${value}`); // expect: pii-in-logs
    }
    for (const key of Object.keys(process.env)) {
      console.log(`env: ${key}`); // ok: names only
    }
  }
}

function traceHeaders(req, res, next) {
  // Express middleware from a CORS investigation.
  for (const [name, value] of Object.entries(req.headers)) {
    console.debug(name, value); // expect: pii-in-logs
  }
  for (const name in req.headers) {
    console.debug("has header", name); // ok: header names
  }
  next();
}

function dumpEnv() {
  // A deploy script's sanity check, printed to the CI log.
  for (const name in process.env) {
    console.log(name + "=" + process.env[name]); // expect: pii-in-logs
  }
  for (const name in process.env) {
    console.log(name + " is set: " + Boolean(process.env[name])); // ok: a flag
  }
}

function startWorker(script) {
  // Worker pool launcher: the child's environment printed while debugging a crash loop.
  const env = Object.assign({}, process.env, { NODE_ENV: "production" });
  console.log("starting", script, env); // expect: pii-in-logs
  console.log("starting", script, Object.keys(env).length, "vars"); // ok: a count
  return env;
}

module.exports = { issue, newInvite, debugRequest, boot, sessionTrace, createInvoice, printConfig, traceHeaders, dumpEnv, startWorker };

async function oauthCallback(code) {
  const { data } = await axios.post("https://oauth2.googleapis.com/token", { code });
  console.log("google answered", data); // expect: pii-in-logs
  const page = await axios.get("https://www.googleapis.com/discovery/v1/apis");
  console.log("apis", page.data); // ok: another endpoint's body
}

function dumpEnv() {
  Object.keys(process.env).forEach((name) => console.log(`${name}=${process.env[name]}`)); // expect: pii-in-logs
  Object.keys(process.env).forEach((name) => console.log(`${name} is set`)); // ok: names only
}
