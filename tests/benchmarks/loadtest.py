"""`make loadtest`: the site as in production under a national mailing, measured with wrk.

Production settings, gunicorn (4 workers), PostgreSQL (a database of its own,
dropped at the end), Redis (LOADTEST_REDIS_URL, default db 4, its own key
prefix), the task worker sending the confirmations, the demo plus 1,000
webinars. Everything listens on 127.0.0.1 and stops by itself.

Phases, in one run so that a busy neighbour on the machine weighs on all alike:
1. a static file (WhiteNoise, the same gunicorn) and cached pages, 10 s each;
2. 60 s of mixed traffic at 50 connections (tests/benchmarks/loadtest_mix.lua):
   home 20 %, programme with random real filters 30 %, webinar pages 30 %,
   feeds 5 %, editorial pages 5 %, registrations 10 %;
3. the static file again.
Prints requests/s, p50/p95/p99 and errors, then checks every registration posted
is in the database, none lost, and no server error.
Not part of `make test` (speed is measured, never asserted there).
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/4")
WEBINARS = int(os.environ.get("LOADTEST_WEBINARS", "1000"))
DURATION = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "50"))
WORKERS = int(os.environ.get("LOADTEST_GUNICORN_WORKERS", "4"))

DATA = """
import json, random
from events.models import Community, ProgrammePage, Session, Theme, WebinarPage
from events.geo import REGIONS
from django.utils import timezone
random.seed(1)
programme = ProgrammePage.objects.get()
base = programme.url
webinars = list(WebinarPage.objects.live().values_list("url_path", flat=True))
root = programme.url_path[: -len(programme.slug) - 1]
pages = ["/" + p[len(root):] for p in webinars]
themes = list(Theme.objects.values_list("slug", flat=True))
communities = list(Community.objects.values_list("slug", flat=True))
regions = [r.code for r in REGIONS]
queries = [base]
for _ in range(300):
    parts = []
    if random.random() < 0.5: parts.append("theme=" + random.choice(themes))
    if random.random() < 0.4: parts.append("communaute=" + random.choice(communities))
    if random.random() < 0.5: parts.append("region=" + random.choice(regions))
    if random.random() < 0.1: parts.append("places=1")
    if random.random() < 0.2: parts.append("page=" + str(random.randint(2, 5)))
    queries.append(base + ("?" + "&".join(parts) if parts else ""))
feeds = [base + "agenda.ics"] + [base + "agenda.ics?region=" + r for r in regions[:6]]
sessions = list(Session.objects.filter(start__gt=timezone.now(), status="scheduled").values_list("pk", flat=True)[:400])
print(json.dumps({
    "programme": queries,
    "webinars": random.sample(pages, min(400, len(pages))),
    "feeds": feeds,
    "other": ["/mentions-legales/", "/donnees-personnelles/", "/accessibilite/", "/plan-du-site/", "/sitemap.xml"],
    "register": ["/inscription/%d/" % pk for pk in sessions],
    "community": str(Community.objects.first().pk),
}))
"""

COUNT = """
import json
from events.models import Registration
from mailer.models import OutboundMessage
print(json.dumps({
    "registrations": Registration.objects.filter(email__startswith="charge-").count(),
    "outbox": OutboundMessage.objects.count(),
}))
"""


def lua_table(value):
    if isinstance(value, list):
        return "{" + ", ".join(lua_table(v) for v in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {lua_table(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def run(args, env, timeout=1200):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds, connections, script, extra_env=None):
    env = {**os.environ, "WRK_REPORT": str(HERE / "wrk_report.lua"), **(extra_env or {})}
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=seconds + 120).stdout
    report = next((ln for ln in out.splitlines() if ln.startswith("WRK_JSON ")), None)
    if report is None:
        sys.exit(f"wrk gave no report:\n{out[-3000:]}")
    result = json.loads(report.removeprefix("WRK_JSON "))
    posted = [ln for ln in out.splitlines() if ln.startswith("WRK_REGISTRATIONS ")]
    result["registrations_posted"] = int(posted[0].split()[1]) if posted else 0
    errors = [ln.split()[1] for ln in out.splitlines() if ln.startswith("LOADTEST_ERROR ")]
    result["error_statuses"] = {code: errors.count(code) for code in set(errors)}
    return result


def main():
    signal.alarm(2400)  # stops by itself, whatever happens
    db = f"loadtest_{os.getpid()}"
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{POSTGRES}/{db}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"loadtest-{os.getpid()}",
        "SITE_URL": origin,
        "LOG_LEVEL": "WARNING",
        # One client address sends everything: the per-address limits would refuse it.
        "RATELIMIT_ENABLE": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    processes = []
    log_dir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    try:
        run(["psql", f"{POSTGRES}/postgres", "-qc", f'CREATE DATABASE "{db}"'], env)
        print(f"Preparing {db}: migrate, static files, demo and {WEBINARS} webinars...", flush=True)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "compile_translations"], env)
        run([PYTHON, "manage.py", "seed_demo", "--webinars", str(WEBINARS)], env)
        data = json.loads(run([PYTHON, "manage.py", "shell", "-c", DATA], env).strip().splitlines()[-1])
        data["origin"] = origin
        data_file = log_dir / "data.lua"
        data_file.write_text("return " + lua_table(data) + "\n")
        gunicorn_log = open(log_dir / "gunicorn.log", "w")  # noqa: SIM115
        worker_log = open(log_dir / "worker.log", "w")  # noqa: SIM115
        gunicorn = [PYTHON, "-m", "gunicorn", "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
        gunicorn += ["--log-level", "warning", "--timeout", "60"]
        processes.append(subprocess.Popen(gunicorn, cwd=ROOT, env=env, stderr=gunicorn_log, start_new_session=True))
        worker = [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay", "--no-reload"]
        processes.append(subprocess.Popen(worker, cwd=ROOT, env=env, stderr=worker_log, start_new_session=True))
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{origin}/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        with urllib.request.urlopen(f"{origin}/", timeout=30) as response:
            html = response.read().decode()
        static = html.split('href="/static/css/site')[1].split('"')[0]
        static = "/static/css/site" + static
        report_script = HERE / "wrk_report.lua"
        results = {}
        phases = [
            ("static file", origin + static, 10, CONNECTIONS, report_script),
            ("home, cached", origin + "/", 10, CONNECTIONS, report_script),
            ("webinar page, cached", origin + data["webinars"][0], 10, CONNECTIONS, report_script),
            ("programme, cached", origin + data["programme"][0], 10, CONNECTIONS, report_script),
            (f"mixed traffic, {DURATION} s", origin + "/", DURATION, CONNECTIONS, HERE / "loadtest_mix.lua"),
            ("static file (after)", origin + static, 10, CONNECTIONS, report_script),
        ]
        for name, url, seconds, connections, script in phases:
            result = wrk(url, seconds, connections, script, {"LOADTEST_DATA": str(data_file)})
            results[name] = result
            print(json.dumps({"phase": name, **result}), flush=True)
        time.sleep(5)  # the worker finishes sending
        counts = json.loads(run([PYTHON, "manage.py", "shell", "-c", COUNT], env).strip().splitlines()[-1])
        mix = results[f"mixed traffic, {DURATION} s"]
        print(f"\nLoad test: {WEBINARS} webinars, gunicorn -w {WORKERS}, PostgreSQL, Redis, {CONNECTIONS} connections")
        print(f"{'phase':<28} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, r in results.items():
            errors = r["errors_status"] + r["errors_timeout"] + r["errors_connect"] + r["errors_read"]
            print(
                f"{name:<28} {r['rps']:>9.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {errors:>7}"
            )
        print(
            f"registrations: {mix['registrations_posted']} posted, {counts['registrations']} in the database, "
            f"{counts['outbox']} emails in the outbox"
        )
        server_errors = "Traceback" in (log_dir / "gunicorn.log").read_text()
        print(f"server errors in the log: {'yes, see ' + str(log_dir) if server_errors else 'none'}")
        ok = (
            mix["errors_status"] + mix["errors_timeout"] == 0
            and counts["registrations"] == mix["registrations_posted"]
            and not server_errors
        )
        sys.exit(0 if ok else 1)
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                process.kill()
        subprocess.run(["psql", f"{POSTGRES}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], env=env)


if __name__ == "__main__":
    main()
