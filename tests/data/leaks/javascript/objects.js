// Whole user records reaching the console, as Express + Passport apps write them.
const mongoose = require("mongoose");
const express = require("express");

const User = mongoose.model(
  "User",
  new mongoose.Schema({ email: String, fullName: String, phone: String, plan: String }),
);

const router = express.Router();

router.get("/account", (req, res) => {
  console.log("account page for", req.user); // expect: pii-in-logs
  console.log("account page for member", req.user && req.user.id); // ok: an id
  res.render("account", { user: req.user });
});

router.post("/plan", async (req, res) => {
  const member = await User.findById(req.user.id);
  console.debug("plan change", member); // expect: pii-in-logs
  console.debug("plan change", member.plan); // ok: a plan name
  res.redirect("/account");
});

module.exports = router;
