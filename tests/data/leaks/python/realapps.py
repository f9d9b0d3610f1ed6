"""Patterns that real applications log harmlessly (CKAN, Weblate, Node-RED, kanidm), next to
the leak each one resembles."""
import logging
import re

from colander import Invalid

log = logging.getLogger(__name__)

_jwt_secret_setting = "api_token.jwt.encode.secret"


class Worker:
    def started(self, session_id, session_key):
        log.info("worker %s started", self.key)  # ok: a queue worker's key
        log.info("session %s opened", session_id)  # ok: a session's id
        log.info("session cookie %s", session_key)  # expect: pii-in-logs


def jwt_secret(config):
    setting = _jwt_secret_setting
    if not config.get(setting):
        raise RuntimeError("missing %s" % setting)  # ok: the setting's name
    return config[setting]


def check_email(email):
    if "@" not in email:
        raise Invalid("%s is not an email address" % email)  # ok: shown to the user who typed it
    log.warning("rejected address %s", email)  # expect: pii-in-logs


def report(project, token):
    log.debug("migrating %s", project.files.credentials)  # ok: a file's name
    log.debug("token %s", re.sub(r".", "*", token))  # ok: masked
    log.debug("credentials %s", project.credentials)  # expect: pii-in-logs


# spotipy 2.26 `SpotifyClientCredentials._request_access_token`: the Basic header built from
# the client secret, logged at debug.
def request_access_token(client_id, client_secret, payload):
    headers = _make_authorization_headers(client_id, client_secret)
    log.debug(f"Sending POST request with Headers: {headers} and Body: {payload}")  # expect: pii-in-logs
    log.debug("Sending POST request with %d headers", len(headers))  # ok: a count
