import logging

import sentry_sdk
from flask import Blueprint, redirect, render_template, request, url_for

from .forms import ContactForm
from .models import Customer, Ticket, db

bp = Blueprint("helpdesk", __name__)
logger = logging.getLogger(__name__)


@bp.route("/contact", methods=["GET", "POST"])
def contact():
    form = ContactForm()
    if not form.validate_on_submit():
        return render_template("contact.html", form=form)
    customer = Customer.query.filter_by(email=form.email.data).first()
    if customer is None:
        customer = Customer(
            email=form.email.data,
            full_name=form.full_name.data,
            phone=form.phone.data,
        )
        db.session.add(customer)
    logger.info("new ticket from %s", form.email.data)
    sentry_sdk.set_user({"id": customer.id, "email": customer.email})
    ticket = Ticket(
        customer=customer,
        subject=form.subject.data,
        body=form.body.data,
        health_condition=form.health_condition.data,
    )
    db.session.add(ticket)
    db.session.commit()
    notify_agents(ticket.subject, customer.full_name)
    return redirect(url_for("helpdesk.thanks"))


@bp.route("/account/delete", methods=["POST"])
def delete_account():
    customer = Customer.query.get_or_404(request.form["customer_id"])
    db.session.delete(customer)
    db.session.commit()
    return redirect(url_for("helpdesk.goodbye"))


def notify_agents(subject, name):
    print(f"ticket {subject!r} opened by {name}")
