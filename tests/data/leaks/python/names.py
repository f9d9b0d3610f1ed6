import logging

logger = logging.getLogger(__name__)


def signup(user):
    logger.info("signup %s", user.email)  # expect: pii-in-logs
    logger.info("signup %s", user.id)  # ok: an id
    print(f"welcome {user.first_name} {user.last_name}")  # expect: pii-in-logs
    print(f"welcome back, user #{user.id}")  # ok: an id
    logger.warning("ssn check failed for %s", user.ssn)  # expect: pii-in-logs
    logger.warning("ssn check failed (is_ssn_verified=%s)", user.is_ssn_verified)  # ok: a flag
