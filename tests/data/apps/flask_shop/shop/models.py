from flask_security import RoleMixin, SQLAlchemyUserDatastore, UserMixin
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Role(db.Model, RoleMixin):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True)


class Customer(db.Model, UserMixin):
    __tablename__ = "customers"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), unique=True)
    full_name = db.Column(db.String(255))
    phone = db.Column(db.String(32))
    orders = db.relationship("Order", backref="customer", cascade="all, delete-orphan")


class Order(db.Model):
    __tablename__ = "orders"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"))
    shipping_address = db.Column(db.Text)
    total = db.Column(db.Numeric(10, 2))


class NewsletterSignup(db.Model):
    __tablename__ = "newsletter_signups"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255))
    date_of_birth = db.Column(db.Date)


class EmailOutbox(db.Model):
    __tablename__ = "email_outbox"
    id = db.Column(db.Integer, primary_key=True)
    recipient_email = db.Column(db.String(255))
    body = db.Column(db.Text)
    sent = db.Column(db.Boolean, default=False)


user_datastore = SQLAlchemyUserDatastore(db, Customer, Role)
