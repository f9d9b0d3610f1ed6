const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);

const Owner = sequelize.define('Owner', {
  email: DataTypes.STRING,
  fullName: DataTypes.STRING,
  phone: DataTypes.STRING,
  homeAddress: DataTypes.STRING,
}, { tableName: 'owners' });

const Pet = sequelize.define('Pet', {
  name: DataTypes.STRING,
  species: DataTypes.STRING,
}, { tableName: 'pets' });

const Visit = sequelize.define('Visit', {
  reason: DataTypes.TEXT,
  vetNotes: DataTypes.TEXT,
}, { tableName: 'visits' });

const Reminder = sequelize.define('Reminder', {
  recipientEmail: DataTypes.STRING,
  sendAt: DataTypes.DATE,
}, { tableName: 'reminders' });

Owner.hasMany(Pet, { onDelete: 'CASCADE' });
Pet.belongsTo(Owner);
Pet.hasMany(Visit, { onDelete: 'CASCADE' });
Visit.belongsTo(Pet);

module.exports = { sequelize, Owner, Pet, Visit, Reminder };
