"""Compare two source trees of the site under the same load, interleaved, in one run.

    .venv/bin/python tests/benchmarks/compare_trees.py \
        --tree before=/tmp/before --tree after=. --env after:PUBLIC_PAGE_CACHE=false \
        --path /programme/ --rounds 3 --duration 10

Each tree gets its own PostgreSQL database (created, migrated, seeded with the
demo and `--webinars` extra webinars, dropped at the end), its own cache key
prefix in the given Redis database, and its own gunicorn (production settings,
127.0.0.1 only). Then, round after round, each tree serves each path under wrk
(so a busy neighbour on the shared machine hurts both sides alike), beside a
static file from the same server. Prints one JSON line per measure and a table.
The servers stop at the end (or after `--max-seconds`, whatever happens).
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_env(name, extra, db=None):
    db = db or f"bench_{name}_{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{POSTGRES}/{db}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"bench-{name}-{os.getpid()}",
        "LOG_LEVEL": "WARNING",
        "RATELIMIT_ENABLE": "false",
        **extra,
    }
    return env, db


def run(cmd, cwd, env, timeout=900):
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(name, path, env, db, webinars, *, seed=True):
    if seed:
        run(["psql", POSTGRES + "/postgres", "-qc", f'CREATE DATABASE "{db}"'], path, env)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], path, env)
        run([PYTHON, "manage.py", "seed_demo", "--webinars", str(webinars)], path, env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], path, env)
    run([PYTHON, "manage.py", "compile_translations"], path, env)


def start(path, env, workers):
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--timeout", "120"],
        cwd=path,
        env=env,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"gunicorn did not start in {path}")


def static_path(port):
    """A static file the page links to (its URL differs between trees once hashed)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
        html = response.read().decode()
    match = re.search(r'href="(/static/css/site[^"]*\.css)"', html)
    return match.group(1) if match else "/static/css/site.css"


def wrk(port, path, duration, connections, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    cmd += ["-s", str(script or HERE / "wrk_report.lua"), f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("WRK_JSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no report:\n{out}")
    return json.loads(line.removeprefix("WRK_JSON "))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", action="append", required=True, help="name=path")
    parser.add_argument("--env", action="append", default=[], help="name:VAR=value for one tree")
    parser.add_argument("--path", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--webinars", type=int, default=1000)
    parser.add_argument("--max-seconds", type=int, default=1500)
    parser.add_argument(
        "--share-db", action="store_true", help="one database for all trees (when their schemas are the same)"
    )
    args = parser.parse_args()
    signal.alarm(args.max_seconds)  # stops by itself, whatever happens

    trees = dict(item.split("=", 1) for item in args.tree)
    extra = {name: {} for name in trees}
    for item in args.env:
        name, assignment = item.split(":", 1)
        key, value = assignment.split("=", 1)
        extra[name][key] = value
    servers, dbs, results = {}, {}, {}
    try:
        shared = f"bench_shared_{os.getpid()}" if args.share_db else None
        for index, (name, path) in enumerate(trees.items()):
            env, db = tree_env(name, extra[name], shared)
            if index == 0 or not shared:
                dbs[name] = (path, env, db)
            prepare(name, path, env, db, args.webinars, seed=index == 0 or not shared)
            servers[name] = start(path, env, args.workers)
        statics = {name: static_path(port) for name, (_, port) in servers.items()}
        for name, (_, port) in servers.items():
            for path in args.path:
                wrk(port, path, 3, 4)  # warm every worker
        for round_number in range(1, args.rounds + 1):
            for path in [*args.path, "static"]:
                for name, (_, port) in servers.items():
                    target = statics[name] if path == "static" else path
                    result = wrk(port, target, args.duration, args.connections)
                    results.setdefault((name, path), []).append(result)
                    print(json.dumps({"round": round_number, "tree": name, "path": target, **result}), flush=True)
        print(f"\n{'tree':<10} {'path':<40} {'req/s per round':<28} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        for (name, path), rows in results.items():
            rps = ", ".join(f"{r['rps']:.0f}" for r in rows)
            p50 = sorted(r["p50_ms"] for r in rows)[len(rows) // 2]
            p95 = sorted(r["p95_ms"] for r in rows)[len(rows) // 2]
            errors = sum(r["errors_status"] + r["errors_timeout"] + r["errors_connect"] for r in rows)
            print(f"{name:<10} {path:<40} {rps:<28} {p50:>8.1f} {p95:>8.1f} {errors:>7}")
    finally:
        for server, _ in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        for path, env, db in dbs.values():
            subprocess.run(
                ["psql", POSTGRES + "/postgres", "-qc", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], env=env
            )


if __name__ == "__main__":
    main()
