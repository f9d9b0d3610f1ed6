from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email


class ContactForm(FlaskForm):
    full_name = StringField("Name", validators=[DataRequired()])
    email = EmailField("Email", validators=[DataRequired(), Email()])
    phone = StringField("Phone")
    date_of_birth = DateField("Date of birth")
    subject = StringField("Subject", validators=[DataRequired()])
    body = TextAreaField("How can we help?", validators=[DataRequired()])
    health_condition = StringField("Any condition we should know about?")
