"""Speed of the programme: run with `make bench` (BENCH=1); prints a table.

1. `/programme/` first page with 10 and with 1,000 webinars (several thousand
   sessions): same number of queries, at most twice the time.
2. `agenda.ics` (the feed) with 100, 1,000 and 5,000 sessions: time per
   session does not grow.
3. Requests per second of `/programme/` beside a static file, both served by
   gunicorn (4 workers, loopback only, bounded request counts).
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.demo import generate_webinars
from events.models import Session, WebinarPage
from tests.factories import ProgrammePageFactory

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ROWS = []


def report(label, value):
    ROWS.append((label, value))
    print(f"  {label:<58} {value}")


def timed(client, url, repeat=9):
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


@pytest.fixture
def programme(site_root):
    return ProgrammePageFactory(parent=site_root, title="Programme", slug="programme")


@pytest.mark.django_db
def test_programme_page_with_10_and_1000_webinars(client, programme):
    print("\n== /programme/ first page ==")
    generate_webinars(programme, 10)
    small_time = timed(client, "/programme/")
    small_queries = queries(client, "/programme/")
    generate_webinars(programme, 1000)
    assert WebinarPage.objects.count() == 1000
    sessions = Session.objects.count()
    large_time = timed(client, "/programme/")
    large_queries = queries(client, "/programme/")
    report("10 webinars (30 sessions): median render", f"{small_time * 1000:.1f} ms, {small_queries} queries")
    report(
        f"1,000 webinars ({sessions:,} sessions): median render", f"{large_time * 1000:.1f} ms, {large_queries} queries"
    )
    report("ratio 1,000 / 10 (must be <= 2)", f"{large_time / small_time:.2f}")
    assert large_queries == small_queries
    assert large_time <= 2 * small_time


@pytest.mark.django_db
def test_calendar_feed_grows_linearly(client, programme):
    print("\n== agenda.ics ==")
    generate_webinars(programme, 100, sessions_per_webinar=1)
    per_session = {}
    for total in (100, 1000, 5000):
        missing = total - Session.objects.count()
        if missing > 0:
            generate_webinars(programme, total, sessions_per_webinar=1)
        assert Session.objects.count() == total
        elapsed = timed(client, "/programme/agenda.ics", repeat=3 if total == 5000 else 5)
        per_session[total] = elapsed / total
        report(f"{total:>5} sessions: median feed", f"{elapsed * 1000:.0f} ms ({elapsed / total * 1e6:.0f} µs/session)")
    growth = per_session[5000] / per_session[100]
    report("time per session, 5,000 vs 100 (must be <= 1.5)", f"{growth:.2f}")
    # 1.0 is linear; the margin absorbs timing noise, not a worse complexity.
    assert growth <= 1.5


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load(port, path, total, concurrency):
    def worker(count):
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        ok = 0
        for _ in range(count):
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            ok += response.status == 200
        conn.close()
        return ok

    share = [total // concurrency] * concurrency
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        ok = sum(pool.map(worker, share))
    elapsed = time.perf_counter() - start
    assert ok == sum(share)
    return sum(share) / elapsed


def test_requests_per_second_under_gunicorn(tmp_path):
    print("\n== gunicorn, 4 workers, loopback ==")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    # WhiteNoise serves from STATIC_ROOT (as in production): collect first.
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "seed_demo", "--webinars", "1000"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = _free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "config.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        _load(port, "/programme/", 40, 4)  # warm every worker
        page_rps = _load(port, "/programme/", 400, 8)
        static_rps = _load(port, "/static/css/site.css", 2000, 8)
        report("/programme/ (1,043 webinars), 400 requests x 8 clients", f"{page_rps:.0f} req/s")
        report("/static/css/site.css, 2,000 requests x 8 clients", f"{static_rps:.0f} req/s")
    finally:
        server.terminate()
        server.wait(timeout=10)
