"""Issue 9: the email worker survives a database blip and sends every queued email once."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import OperationalError

from home.management.commands import run_worker
from mailer.models import OutboundMessage

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_restarts_db_worker_after_a_database_error(monkeypatch):
    calls = []

    def fake_call_command(name, *args):
        calls.append((name, args))
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(run_worker, "call_command", fake_call_command)
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    run_worker.Command().handle(worker_args=["--interval", "1"])
    assert calls == [("db_worker", ("--interval", "1"))] * 3


class CuttableProxy:
    """A TCP relay to PostgreSQL that the test can cut (refuse and drop every connection)
    and restore: a network blip between the worker and its database."""

    def __init__(self, target):
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.sockets = []
        self.listener = None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (Linux)
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.sockets = []


def _wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def _queue(n, offset):
    from mailer.services import enqueue_send

    messages = [
        OutboundMessage.objects.create(
            to=f"personne{offset + i}@example.org", template="t", subject=f"Message {offset + i}", text="Bonjour"
        )
        for i in range(n)
    ]
    for message in messages:
        enqueue_send(message.pk)
    return messages


@pytest.mark.django_db(transaction=True)
def test_a_cut_database_connection_does_not_stop_email(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the blip is cut between the worker and a PostgreSQL server")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    proxy = CuttableProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 64,
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "CONN_MAX_AGE": "600",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = _queue(3, 0)
        assert _wait_until(lambda: OutboundMessage.objects.filter(status="sent").count() == 3, 60)
        # The database disappears for three seconds, then comes back.
        proxy.cut()
        time.sleep(3)
        second = _queue(3, 3)
        proxy.start()
        assert _wait_until(lambda: OutboundMessage.objects.filter(status="sent").count() == 6, 90)
        assert worker.poll() is None  # still running
    finally:
        worker.terminate()
        _out, errors = worker.communicate(timeout=30)
    sent = "".join(path.read_text() for path in tmp_path.iterdir())
    for message in first + second:
        assert sent.count(f"Message-ID: <outbox-{message.pk}@") == 1
    assert "lost the database" in errors, errors
