const { Contact } = require('./contact');
const { Activity, Session } = require('./activity');
const Company = require('./company');

module.exports = { ContactModel: Contact, Activity, Session, Company };
