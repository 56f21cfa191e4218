"""Invitation and calendar links carry secrets in their paths; logs never keep them."""

import logging
import re

SECRET_PATHS = re.compile(r"(/inbjudan/|/kalender/)[^/\s?\"]+")


def redact(text: str) -> str:
    return SECRET_PATHS.sub(r"\1[dolt]", text)


class RedactSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_PATHS.search(message):
            record.msg, record.args = redact(message), ()
        return True
