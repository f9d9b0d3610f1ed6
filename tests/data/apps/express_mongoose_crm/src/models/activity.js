const mongoose = require('mongoose');

const activitySchema = new mongoose.Schema({
  contact: { type: mongoose.Schema.Types.ObjectId, ref: 'Contact' },
  kind: String,
  note: String,
  createdAt: { type: Date, default: Date.now },
});

const sessionSchema = new mongoose.Schema({
  contact: { type: mongoose.Schema.Types.ObjectId, ref: 'Contact' },
  ipAddress: String,
  createdAt: { type: Date, expires: 60 * 60 * 24 },
});

const Activity = mongoose.model('Activity', activitySchema);
const Session = mongoose.model('Session', sessionSchema);
module.exports = { Activity, Session };
