// An Express app's logging helpers layered on each other, and console methods called
// through apply/call.
const debug = (...parts) => console.debug.apply(console, parts);

function logRequest(...parts) {
  debug("[req]", ...parts);
}

function audit() {
  console.info.apply(console, arguments);
}

function onLogin(req, user) {
  logRequest("login", user.email); // expect: pii-in-logs
  logRequest("login", user.id); // ok: an id
  audit("login from", req.ip); // expect: pii-in-logs
  audit("login for account", user.id); // ok: an id
  console.warn.call(console, "login", user.phone); // expect: pii-in-logs
  console.warn.call(console, "login", user.role); // ok: a role
}

function lookup(email, done) {
  done(new Error(`no account for ${email}`)); // expect: pii-in-logs
  done(new Error("no account for that address")); // ok: constant text
}

module.exports = { onLogin, lookup };
