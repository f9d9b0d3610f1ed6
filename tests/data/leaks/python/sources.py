import getpass
import logging
import os
import secrets
import sys

import jwt
import requests
from flask import request

log = logging.getLogger(__name__)


def issue_session(user):
    signed = jwt.encode({"sub": user.id}, os.environ["JWT_KEY"], algorithm="HS256")
    log.info("issued %s", signed)  # expect: pii-in-logs
    log.info("issued a session for user %s", user.id)  # ok: an internal id


def new_api_key(account_id):
    raw = secrets.token_urlsafe(32)
    log.debug("new key for %s: %s", account_id, raw)  # expect: pii-in-logs
    n = secrets.randbelow(10)
    log.debug("retry in %s", n)  # ok: a random number, not a secret


def debug_request():
    headers = dict(request.headers)
    log.debug("incoming headers %s", headers)  # expect: pii-in-logs
    log.debug("incoming content type %s", request.headers.get("Content-Type"))  # ok: one named header
    log.debug("cookies %s", request.cookies)  # expect: pii-in-logs
    log.debug("path %s", request.path)  # ok: the path


def connect():
    pw = getpass.getpass("Database password: ")
    print("connecting with", pw)  # expect: pii-in-logs
    user = getpass.getuser()
    print("connecting as", user)  # ok: the local OS account name


def main():
    print("started with", sys.argv)  # expect: pii-in-logs
    print("started with", len(sys.argv), "arguments")  # ok: a count
    log.warning("re-executing with %s", " ".join(sys.argv[1:]))  # expect: pii-in-logs
    log.info("subcommand %s", sys.argv[1])  # ok: one argument, judged by its name
    print("environment:", os.environ)  # expect: pii-in-logs
    print("debug mode:", os.environ.get("DEBUG"))  # ok: a flag


def dump_settings(settings):
    secret = os.environ.get("STRIPE_SECRET_KEY")
    log.info("stripe configured with %s", secret)  # expect: pii-in-logs
    region = os.environ.get("AWS_REGION")
    log.info("region %s", region)  # ok: configuration


def usage():
    print("usage: %s <command>" % sys.argv[0])  # ok: the program's name, not the command line


def trace_session(request):
    # A before-request hook written to chase a login bug.
    cookie_header = request.headers.get("Cookie", "")
    log.debug("session trace %s cookie=%s", request.path, cookie_header)  # expect: pii-in-logs
    log.debug("session trace %s cookies=%d", request.path, len(cookie_header))  # ok: a length
    log.debug("django raw cookie %s", request.META.get("HTTP_COOKIE"))  # expect: pii-in-logs
    log.debug("django agent %s", request.META.get("HTTP_USER_AGENT"))  # ok: one named header


def api_login():
    # Flask JSON login endpoint, body dumped while chasing a client bug.
    import flask

    incoming = flask.request.get_json(force=True)
    log.debug("login attempt %s", incoming)  # expect: pii-in-logs
    log.debug("login attempt with %d fields", len(incoming))  # ok: a count


class InvoiceExportView:
    # Django audit line: the signed-in user prints as their username.
    def get(self, request, *args, **kwargs):
        log.info("invoice export requested by %s", request.user)  # expect: pii-in-logs
        log.info("invoice export requested by user %s", request.user.pk)  # ok: an internal id
        return None


class Command:
    # Django management command, `--verbose` prints the settings it starts with.
    def handle(self, *args, **options):
        import os

        if options.get("verbose"):
            for key, value in sorted(os.environ.items()):
                self.stdout.write(f"{key}={value}")  # expect: pii-in-logs
            for key in sorted(os.environ):
                log.debug("env var set: %s", key)  # ok: names only


def debug_headers_middleware(get_response):
    # Middleware left in from chasing a proxy bug: every header of every request.
    def middleware(request):
        for name, value in request.headers.items():
            log.debug("header %s: %s", name, value)  # expect: pii-in-logs
        for name in request.headers.keys():
            log.debug("header present: %s", name)  # ok: header names
        return get_response(request)

    return middleware


def request_dump(request):
    # Flask `before_request` hook from a staging incident: headers one per line.
    for name in request.headers.keys():
        log.debug("%s: %s", name, request.headers[name])  # expect: pii-in-logs
    for name in request.headers.keys():
        log.debug("%s: %s", name, len(request.headers[name]))  # ok: a length


def run_hook(script):
    # Git hook runner: the child's environment logged before the spawn.
    import os
    import subprocess

    env = os.environ.copy()
    env["GIT_DIR"] = "/srv/repo.git"
    log.debug("hook %s env=%s", script, env)  # expect: pii-in-logs
    log.debug("hook %s env has %d vars", script, len(env))  # ok: a count
    subprocess.run([script], env=env, check=False)


def fetch_access_token(code):
    resp = requests.post("https://github.com/login/oauth/access_token", data={"code": code})
    log.debug("token response: %s", resp.json())  # expect: pii-in-logs
    log.debug("token endpoint answered %s", resp.status_code)  # ok: the status
    info = requests.get("https://api.github.com/repos/acme/app")
    log.debug("repo %s", info.json())  # ok: another endpoint's body
