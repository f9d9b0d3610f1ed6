const express = require('express');
const { body, validationResult } = require('express-validator');
const { ContactModel, Activity } = require('../models');

const router = express.Router();

router.post(
  '/contacts',
  body('email').isEmail(),
  body('fullName').notEmpty(),
  body('phone').optional(),
  body('dateOfBirth').optional().isISO8601(),
  async (req, res) => {
    if (!validationResult(req).isEmpty()) return res.status(400).end();
    const { email, fullName, phone } = req.body;
    const contact = await ContactModel.create({ email, fullName, phone });
    await Activity.create({ contact: contact._id, kind: 'created' });
    res.status(201).json({ id: contact._id });
  },
);

router.get('/contacts', async (req, res) => {
  res.json(await ContactModel.find({ company: req.query.company }).select('email fullName'));
});

router.delete('/contacts/:id', async (req, res) => {
  await ContactModel.findByIdAndDelete(req.params.id);
  res.sendStatus(204);
});

module.exports = router;
