"""200 people register at once for a 50-seat session, through the real HTTP stack.

gunicorn (several workers, on 127.0.0.1 only) and the task worker run as
separate processes on a fresh database, SQLite and then PostgreSQL (skipped if
none answers at BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432).
The email provider takes 2 seconds per message (mailer.backends.SlowEmailBackend),
in the web processes too: a request that sent mail itself would take 2 s.

Run with `make bench` (BENCH=1). Prints registrations per second and latencies.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CONCURRENT = 200
CAPACITY = 50
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "4"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")

SETUP = """
import json, datetime
from django.utils import timezone
from home.demo import seed_site
from events.models import ProgrammePage, Community
from tests.factories import ProgrammePageFactory, WebinarPageFactory, SessionFactory
home = seed_site()
programme = ProgrammePage.objects.first() or ProgrammePageFactory(parent=home)
webinar = WebinarPageFactory(parent=programme, title="Webinaire de charge")
start = timezone.now() + datetime.timedelta(days=3)
session = SessionFactory(webinar=webinar, start=start, end=start + datetime.timedelta(hours=1), capacity=%d)
community = Community.objects.create(name="Professionnels de santé", slug="pros")
print(json.dumps({"session": session.pk, "community": community.pk}))
"""

COUNT = """
import json
from events.models import Registration
from mailer.models import OutboundMessage
print(json.dumps({
    "confirmed": Registration.objects.confirmed().count(),
    "waitlisted": Registration.objects.waitlisted().count(),
    "total": Registration.objects.count(),
    "outbox": OutboundMessage.objects.count(),
    "positions": sorted(r.waitlist_position() for r in Registration.objects.waitlisted()),
}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, timeout=600):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def shell(env, code):
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    psycopg = pytest.importorskip("psycopg")
    name = f"bench_registration_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_URL}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def stack(database, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database,
        "EMAIL_BACKEND": "mailer.backends.SlowEmailBackend",
        "MAILER_SLOW_BACKEND_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
        "RATELIMIT_ENABLE": "false",
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "migrate", "--noinput")
    ids = shell(env, SETUP % CAPACITY)
    server = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "w"),  # noqa: SIM115
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()[-3000:]
        time.sleep(0.3)
    try:
        yield {"base": base, "env": env, **ids, "log": tmp_path / "gunicorn.log"}
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def prepared_client(base, session_pk):
    """A browser-like client that has seen the form (no CSRF cookie or token: the
    form is protected by the Origin header a browser sends)."""
    client = requests.Session()
    html = client.get(f"{base}/inscription/{session_pk}/", timeout=60).text
    assert f'action="/inscription/{session_pk}/"' in html
    return client, None


def post(base, stack, client, token, email):
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "organisation": "CHU",
        "community": str(stack["community"]),
        "department": "35",
    }
    url = f"{base}/inscription/{stack['session']}/"
    started = time.perf_counter()
    response = client.post(
        url, data=data, headers={"Origin": base, "Sec-Fetch-Site": "same-origin"}, allow_redirects=False, timeout=120
    )
    return response.status_code, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def test_200_concurrent_registrations_for_50_seats(stack, database):
    base = stack["base"]
    kind = "PostgreSQL" if database.startswith("postgres") else "SQLite"

    # Unloaded latency first, with the 2-second provider: the request must not wait for it.
    quiet = []
    for i in range(10):
        client, token = prepared_client(base, stack["session"])
        status, seconds = post(base, stack, client, token, f"calme{i}@example.org")
        assert status == 302
        quiet.append(seconds)

    clients = [prepared_client(base, stack["session"]) for _ in range(CONCURRENT - len(quiet))]
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(index):
        client, token = clients[index]
        barrier.wait()
        try:
            results[index] = post(base, stack, client, token, f"charge{index}@example.org")
        except requests.RequestException as error:
            results[index] = (repr(error), None)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    statuses = [status for status, _ in results]
    latencies = [seconds for _, seconds in results if seconds is not None]
    counts = shell(stack["env"], COUNT)
    print(
        f"\n[{kind}] {len(results)} concurrent registrations for {CAPACITY} seats "
        f"(+{len(quiet)} before), gunicorn -w {WORKERS}: {len(results) / elapsed:.0f} registrations/s, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms; unloaded with a 2 s email provider: "
        f"p50 {statistics.median(quiet) * 1000:.0f} ms, max {max(quiet) * 1000:.0f} ms. Result: {counts['confirmed']} confirmed, "
        f"{counts['waitlisted']} waiting, {counts['outbox']} emails in the outbox."
    )
    assert statuses.count(302) == len(results), {s: statuses.count(s) for s in set(statuses)}
    assert counts["confirmed"] == CAPACITY
    assert counts["waitlisted"] == CONCURRENT - CAPACITY
    assert counts["total"] == CONCURRENT
    assert counts["positions"] == list(range(1, CONCURRENT - CAPACITY + 1))
    assert counts["outbox"] == CONCURRENT  # one email each, none lost
    assert max(quiet) < 1.0  # a request that sent the email itself would take 2 s
    assert "Traceback" not in stack["log"].read_text()


if not shutil.which(GUNICORN) and not Path(GUNICORN).exists():
    pytest.skip("gunicorn is not installed", allow_module_level=True)
