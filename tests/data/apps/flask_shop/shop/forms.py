from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField


class CheckoutForm(FlaskForm):
    full_name = StringField("Name")
    shipping_address = TextAreaField("Address")
    phone = StringField("Phone")
    date_of_birth = DateField("Date of birth")


class NewsletterForm(FlaskForm):
    email = StringField("Email")
    date_of_birth = DateField("Date of birth")
