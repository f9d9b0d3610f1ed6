const { log } = require("./logger");

function audit(event, detail) {
  console.info(`[audit] ${event}`, detail);
}

async function register(user) {
  log("registered", user.email); // expect: pii-in-logs
  log("registered", user.id); // ok: an id
  audit("signup", { email: user.email }); // expect: pii-in-logs
  audit("signup", { id: user.id }); // ok: an id
}

module.exports = { register };
