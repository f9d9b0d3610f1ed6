// The project's own logger module: a wrapper around console.
function log(...args) {
  console.log(new Date().toISOString(), ...args);
}

function info(msg) {
  log("[info]", msg);
}

module.exports = { log, info };
