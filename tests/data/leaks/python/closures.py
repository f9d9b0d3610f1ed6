# Nested callbacks and lambdas see the view's variables: what the view read from the
# request is still that data inside them.
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def invite(request, mailer):
    to = request.POST["email"]

    def on_sent(message_id):
        logger.info("invitation %s sent to %s", message_id, to)  # expect: pii-in-logs

    mailer.send(to, callback=on_sent)
    mailer.on_bounce(lambda: logger.warning("bounce for %s", to))  # expect: pii-in-logs
    return JsonResponse({}, status=202)


def health(request, client):
    to = request.GET.get("probe")

    def on_reply(to):
        logger.info("probe replied %s", to)  # ok: the callback's own `to`, the reply

    client.ping(callback=on_reply)
    return JsonResponse({"probe": bool(to)})
