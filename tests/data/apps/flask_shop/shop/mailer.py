from .models import EmailOutbox, db


def flush_outbox(smtp):
    for m in EmailOutbox.query.filter_by(sent=False):
        smtp.send(m.recipient_email, m.body)
        m.sent = True
    db.session.commit()
