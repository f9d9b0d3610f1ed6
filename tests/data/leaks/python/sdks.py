import analytics
import mixpanel
import posthog
import sentry_sdk
from opentelemetry import trace

mp = mixpanel.Mixpanel("token")
tracer = trace.get_tracer(__name__)


def on_login(user, request):
    sentry_sdk.set_user({"email": user.email})  # expect: pii-in-logs
    sentry_sdk.set_user({"id": user.id})  # ok: an id
    analytics.identify(user.id, {"email": user.email})  # expect: pii-in-logs
    analytics.identify(user.id, {"plan": user.plan})  # ok: no personal data
    mp.people_set(user.id, {"$phone": user.phone})  # expect: pii-in-logs
    mp.track(user.id, "login", {"plan": user.plan})  # ok: no personal data
    posthog.capture(user.id, "login", properties={"ip": request.remote_addr})  # expect: pii-in-logs
    posthog.capture(user.id, "login")  # ok: an id and an event name
    with tracer.start_as_current_span("login") as span:
        span.set_attribute("user.email", user.email)  # expect: pii-in-logs
        span.set_attribute("user.id", user.id)  # ok: an id
