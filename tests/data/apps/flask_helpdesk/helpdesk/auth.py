import logging

from flask import request

from .models import Customer, LoginAttempt, db

log = logging.getLogger("helpdesk.auth")


def record_login(email, ok):
    db.session.add(LoginAttempt(email=email, ip_address=request.remote_addr, succeeded=ok))
    db.session.commit()
    if not ok:
        log.warning("failed login for %s from %s", email, request.remote_addr)


def lookup(email):
    return Customer.query.filter_by(email=email).first()
