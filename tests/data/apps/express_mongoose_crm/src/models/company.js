const mongoose = require('mongoose');

const companySchema = new mongoose.Schema({ name: String, address: String, phone: String });
module.exports = mongoose.model('Company', companySchema);
