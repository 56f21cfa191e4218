"""Real components for the integration tests: a queue of the test's own, a broker of its own."""

import uuid

import pytest

from swecan.celery import app


def _route_to(queue: str) -> None:
    app.conf.task_default_queue = queue
    # Celery caches its queues and router on first use; forget them.
    for name in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(name, None)


@pytest.fixture
def worker_queue():
    """A queue of our own, so the worker takes only this test's tasks."""
    queue = f"swecan-test-{uuid.uuid4().hex[:8]}"
    previous, eager = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_always_eager = False  # other tests' fixtures may have left it on
    _route_to(queue)
    yield queue
    _route_to(previous)
    app.conf.task_always_eager = eager


@pytest.fixture
def own_broker():
    """A Redis of the test's own that the portal (this process) and the worker use as broker;
    the test stops and starts it."""
    from tests.support.realservices import RedisServer

    previous = app.conf.broker_url
    with RedisServer() as server:
        _use_broker(server.url)
        yield server
    _use_broker(previous)


def _use_broker(url: str) -> None:
    from kombu import pools

    app.conf.broker_url = url
    # Celery and kombu keep connection and producer pools for the old broker; drop them all.
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()
