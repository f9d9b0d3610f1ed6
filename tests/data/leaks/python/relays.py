"""A billing service's layered logging helpers, exceptions made early, and its connections."""
import logging

import psycopg2

logger = logging.getLogger("billing")
BILLING_LOG = logger


def _emit(level, text, *args):
    logger.log(level, text, *args)


def info(text, *args):
    _emit(logging.INFO, text, *args)


def warn_customer(text, *args):
    info(text, *args)


def invoice_sent(customer, invoice):
    info("invoice %s sent to %s", invoice.number, customer.email)  # expect: pii-in-logs
    info("invoice %s sent to customer %s", invoice.number, customer.id)  # ok: an id
    warn_customer("dunning %s", customer.phone)  # expect: pii-in-logs
    warn_customer("dunning customer %s", customer.id)  # ok: an id


class Ledger:
    def __init__(self):
        self.log = logging.getLogger("ledger")

    def post(self, entry):
        journal = self.log
        journal.info("posting for %s", entry.iban)  # expect: pii-in-logs
        journal.info("posting %s", entry.amount)  # ok: an amount
        fallback = BILLING_LOG
        fallback.warning("no ledger for %s", entry.iban)  # expect: pii-in-logs


def charge(card, attempts):
    failure = RuntimeError(f"card {card.number} declined")  # expect: pii-in-logs
    if attempts > 3:
        failure = RuntimeError(f"card ending {card.last4} declined")  # ok: last four digits


def open_db(database_url, statement_timeout):
    conn = psycopg2.connect(database_url)
    logger.info("connected to %s", database_url)  # expect: pii-in-logs
    logger.info("statement timeout %s", statement_timeout)  # ok: a setting
    return conn
