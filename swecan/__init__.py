"""The SweCan Portal project package.

`swecan.rules` is importable on its own (no Django); the Celery app is loaded
lazily so that importing the rules never pulls in Django or Celery.
"""


def __getattr__(name):
    if name == "celery_app":
        from swecan.celery import app

        return app
    raise AttributeError(name)
