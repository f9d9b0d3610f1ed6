const express = require('express');
const { Owner, Pet, Reminder } = require('../models');

const router = express.Router();

router.post('/owners', async (req, res) => {
  const { email, fullName, phone, homeAddress, ethnicity } = req.body;
  const owner = await Owner.create({ email, fullName, phone, homeAddress });
  await Reminder.create({ recipientEmail: owner.email, sendAt: new Date() });
  res.status(201).json({ id: owner.id });
});

router.get('/owners/:id', async (req, res) => {
  const owner = await Owner.findByPk(req.params.id, { include: Pet });
  res.render('owner', { name: owner.fullName, phone: owner.phone, pets: owner.Pets });
});

router.delete('/owners/:id', async (req, res) => {
  await Owner.destroy({ where: { id: req.params.id } });
  res.sendStatus(204);
});

module.exports = router;
