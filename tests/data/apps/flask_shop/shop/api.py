from flask_restful import Resource, reqparse

from .models import NewsletterSignup

parser = reqparse.RequestParser()
parser.add_argument("email", required=True)
parser.add_argument("religion")


class Unsubscribe(Resource):
    def post(self):
        args = parser.parse_args()
        NewsletterSignup.query.filter_by(email=args["email"]).delete()
        return {"ok": True}
