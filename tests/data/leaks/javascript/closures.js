// Callbacks see the handler's variables: a recipient taken from the body is still that
// recipient inside the promise chain that logs it.
const express = require("express");
const nodemailer = require("nodemailer");
const router = express.Router();
const transport = nodemailer.createTransport({ sendmail: true });

router.post("/invite", (req, res) => {
  const to = req.body.email;
  transport
    .sendMail({ to, subject: "You are invited" })
    .then(() => console.log("invitation sent to %s", to)) // expect: pii-in-logs
    .catch((err) => console.error("invitation failed", err.message)); // ok: the transport's error message
  res.sendStatus(202);
});

router.post("/reset", async (req, res) => {
  const key = req.headers;
  const user = await findUser(req.body.login);
  process.nextTick(() => {
    console.debug("reset requested with", key); // expect: pii-in-logs
  });
  res.json({ ok: Boolean(user) });
});

router.get("/health", (req, res) => {
  const key = req.query.check;
  fetch("http://localhost:9000/health")
    .then((r) => r.json())
    .then((key) => console.log("health", key)); // ok: the callback's own `key`, the health JSON
  res.json({ key: Boolean(key) });
});

async function findUser(login) {
  return { login };
}

module.exports = router;
