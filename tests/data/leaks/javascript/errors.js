function findAccount(db, email) {
  return new Promise((resolve, reject) => {
    db.get(email, (err, row) => {
      if (!row) {
        reject(new Error(`no account for ${email}`)); // expect: pii-in-logs
        return;
      }
      if (row.locked) {
        reject(new Error(`account ${row.id} is locked`)); // ok: an id
        return;
      }
      resolve(row);
    });
  });
}

function checkPhone(user) {
  if (!user.phone.startsWith("+")) {
    throw `invalid phone ${user.phone}`; // expect: pii-in-logs
  }
  if (!user.id) {
    throw `missing id for user ${user.id}`; // ok: an id
  }
  return Promise.reject(new Error(`cannot verify ${user.email}`)); // expect: pii-in-logs
}

module.exports = { findAccount, checkPhone };
