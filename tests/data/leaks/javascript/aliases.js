const logError = console.error.bind(console);
const say = console.log;

function onFailure(user, err) {
  logError("payment failed for", user.email, err.message); // expect: pii-in-logs
  logError("payment failed for user", user.id); // ok: an id
  say("retrying for", user.phone); // expect: pii-in-logs
  say("retrying in", 5, "seconds"); // ok: constants
}

module.exports = { onFailure };
