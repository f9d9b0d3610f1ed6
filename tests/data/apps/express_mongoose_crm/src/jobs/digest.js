const { Activity } = require('../models');

async function weeklyDigest(mailer) {
  const recent = await Activity.find({}).populate('contact');
  for (const a of recent) {
    await mailer.send(a.contact.email, `${a.kind}: ${a.note}`);
  }
}

module.exports = { weeklyDigest };
