"""gunicorn settings: `gunicorn swecan.wsgi -c python:swecan.gunicorn_conf`."""

import os

from gunicorn.glogging import Logger

from swecan.logging import RedactSecretPaths, redact

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class RedactingLogger(Logger):
    """Secret-bearing paths (swecan.logging) stay out of the access and error logs."""

    def __init__(self, cfg):
        super().__init__(cfg)
        # "Error handling request /inbjudan/…" goes to the error log.
        self.error_log.addFilter(RedactSecretPaths())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every value: the request line, path, query, Referer and any header a format names.
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = RedactingLogger
