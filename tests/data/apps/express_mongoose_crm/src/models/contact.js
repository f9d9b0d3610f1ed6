const mongoose = require('mongoose');

const contactSchema = new mongoose.Schema({
  email: { type: String, required: true },
  fullName: String,
  phone: String,
  linkedinUrl: String,
  company: { type: mongoose.Schema.Types.ObjectId, ref: 'Company' },
});

const Contact = mongoose.model('Contact', contactSchema);
module.exports = { Contact };
