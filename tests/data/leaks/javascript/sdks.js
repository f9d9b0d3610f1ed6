import * as Sentry from "@sentry/node";
import Analytics from "analytics-node";
import mixpanel from "mixpanel-browser";
import posthog from "posthog-js";
import amplitude from "amplitude-js";
import tracer from "dd-trace";

const analytics = new Analytics("key");

export function onLogin(user, req) {
  Sentry.setUser({ email: user.email, ip_address: req.ip }); // expect: pii-in-logs
  Sentry.setUser({ id: user.id }); // ok: an id
  analytics.identify({ userId: user.id, traits: { email: user.email } }); // expect: pii-in-logs
  analytics.track({ userId: user.id, event: "login" }); // ok: an id and an event
  mixpanel.people.set({ $email: user.email }); // expect: pii-in-logs
  mixpanel.track("login", { plan: user.plan }); // ok: no personal data
  posthog.identify(user.id, { phone: user.phone }); // expect: pii-in-logs
  posthog.capture("login"); // ok: an event name
  amplitude.getInstance().setUserProperties({ address: user.address }); // expect: pii-in-logs
  amplitude.getInstance().logEvent("login"); // ok: an event name
  window.dataLayer.push({ event: "login", email: user.email }); // expect: pii-in-logs
  window.dataLayer.push({ event: "login" }); // ok: an event name
  gtag("set", "user_data", { email: user.email }); // expect: pii-in-logs
  gtag("event", "login"); // ok: an event name
  tracer.scope().active().setTag("user.email", user.email); // expect: pii-in-logs
  tracer.scope().active().setTag("user.id", user.id); // ok: an id
}
