const { Op } = require('sequelize');
const { Reminder } = require('../models');

async function sendDue(mailer) {
  const due = await Reminder.findAll({ where: { sendAt: { [Op.lte]: new Date() } } });
  for (const r of due) {
    await mailer.send(r.recipientEmail, 'Your pet is due a check-up');
  }
}

module.exports = { sendDue };
