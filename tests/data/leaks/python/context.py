import logging

logger = logging.getLogger("auth")


def login(form, users):
    account = users.get(form["username"])
    token = account.create_reset_token()
    logger.info("password reset token %s", token)  # expect: pii-in-logs
    logger.info("password reset requested for account %s", account.id)  # ok: an id


def send_receipt(mailer, order):
    to = order.customer_email
    logger.info("sending receipt to %s", to)  # expect: pii-in-logs
    logger.info("sending receipt for order %s", order.id)  # ok: an id


class RegisterView(GenericAPIView):
    def post(self, request, *args, **kwargs):
        logger.info("Register request: %s", request.data)  # expect: pii-in-logs
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data)


class ReportView(GenericAPIView):
    def post(self, request, *args, **kwargs):
        logger.info("Report request: %s", request.data)  # ok: a report's filters, not credentials
        return Response(status=202)
