import logging

from .notify import printAndDiscord

log = logging.getLogger(__name__)


def debug_log(msg, *args):
    if log.isEnabledFor(logging.DEBUG):
        log.debug(msg, *args)


def register(user):
    debug_log("registered %s", user.email)  # expect: pii-in-logs
    debug_log("registered user %s", user.id)  # ok: an id
    printAndDiscord(f"new signup: {user.email}")  # expect: pii-in-logs
    printAndDiscord(f"new signup: #{user.id}")  # ok: an id


class Service:
    def _trace(self, text):
        print("[service]", text)

    def charge(self, card):
        self._trace(f"charging {card.number}")  # expect: pii-in-logs
        self._trace(f"charging card ending {card.last4}")  # ok: last four digits are masked
