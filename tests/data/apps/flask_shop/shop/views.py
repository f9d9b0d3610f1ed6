from flask import Blueprint, render_template
from flask_security import current_user, login_required

from .forms import CheckoutForm, NewsletterForm
from .models import EmailOutbox, NewsletterSignup, Order, db, user_datastore

bp = Blueprint("shop", __name__)


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
def checkout():
    form = CheckoutForm()
    if form.validate_on_submit():
        current_user.full_name = form.full_name.data
        current_user.phone = form.phone.data
        order = Order(customer_id=current_user.id, shipping_address=form.shipping_address.data)
        db.session.add(order)
        db.session.add(EmailOutbox(recipient_email=current_user.email, body=render_template("receipt.txt", order=order)))
        db.session.commit()
    return render_template("checkout.html", form=form)


@bp.route("/newsletter", methods=["POST"])
def newsletter():
    form = NewsletterForm()
    if form.validate_on_submit():
        db.session.add(NewsletterSignup(email=form.email.data, date_of_birth=form.date_of_birth.data))
        db.session.commit()
    return "ok"


@bp.route("/account/close", methods=["POST"])
@login_required
def close_account():
    user_datastore.delete_user(current_user)
    db.session.commit()
    return "closed"
