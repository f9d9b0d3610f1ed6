class AccountError(Exception):
    pass


def lookup(users, email):
    user = users.get(email)
    if user is None:
        raise AccountError(f"no account for {email}")  # expect: pii-in-logs
    if user.locked:
        raise AccountError(f"account {user.id} is locked")  # ok: an id
    return user
