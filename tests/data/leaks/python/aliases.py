import logging

LOGGER = logging.getLogger(__name__)


class Importer:
    def __init__(self):
        self.log = LOGGER

    def run(self, row):
        log_error = LOGGER.error
        log_error("bad row for %s", row.email)  # expect: pii-in-logs
        log_error("bad row %s", row.line_number)  # ok: a line number
        self.log.warning("skipped %s", row.phone)  # expect: pii-in-logs
        self.log.warning("skipped row %s", row.line_number)  # ok: a line number
