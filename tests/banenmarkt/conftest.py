"""Fixtures for the tests that need a Redis server of their own."""

import shutil
import socket
import subprocess

import pytest
import redis

from banenmarkt.celery import app

from ..requirements import missing, require_redis_broker
from .test_celery_worker import wait_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=1)

    def up():
        try:
            return client.ping()
        except redis.RedisError:
            return False

    assert wait_for(up, timeout=15)
    return process


@pytest.fixture
def own_redis(monkeypatch):
    """A Redis server of this test's own, that the test can stop."""
    require_redis_broker()  # Redis is installed and expected here
    if not shutil.which("redis-server"):
        missing("redis-server", "install it with `apt-get install redis-server`")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    server = {"process": start_redis(port), "port": port, "url": url}
    yield server
    if server["process"].poll() is None:
        server["process"].terminate()
        server["process"].wait(timeout=10)
    app._pool = None
    app.amqp._producer_pool = None
