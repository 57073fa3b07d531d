"""The kit under load, through gunicorn (one sync worker, 127.0.0.1 only):

1. The ZIP of a 300 MB kit (six 50 MB documents) streams while the worker's peak
   memory (VmHWM, reset just before) grows by less than 64 MB.
2. A webinar's banner: its first request (drawn then), then the cached file, beside a
   static PNG of the same size served by WhiteNoise from the same server.

Run with `make bench` (BENCH=1). Prints the figures quoted in the README.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
FILES = 6
FILE_MB = 50
REPEAT = 200

SETUP = """
import io, json, os
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from home.demo import seed_site
from kits.models import KitItem, KitPage, KitSectionPage, VisualTemplate
from kits import rendering
from tests.factories import ProgrammePageFactory, SessionFactory, WebinarPageFactory
from tests.kits.conftest import template_spec

home = seed_site()
kit = home.add_child(instance=KitPage(title="Kit", slug="kit", version="9.0"))
section = kit.add_child(instance=KitSectionPage(title="Films", slug="films"))
media = os.environ["MEDIA_ROOT"]
os.makedirs(f"{media}/documents", exist_ok=True)
Document = get_document_model()
for number in range(%(files)d):
    name = f"documents/film-{number}.pdf"
    with open(f"{media}/{name}", "wb") as handle:
        handle.write(b"%%PDF-1.4\\n")
        for _ in range(%(mb)d):
            handle.write(os.urandom(1024 * 1024))
    document = Document.objects.create(title=f"Film {number}", file=name)
    KitItem.objects.create(section=section, sort_order=number, title=f"Film {number}", document=document)
template = VisualTemplate.objects.create(**template_spec())
programme = ProgrammePageFactory(parent=home)
webinar = WebinarPageFactory(parent=programme, title="Réussir ensemble Mon espace santé en Bretagne", slug="bretagne")
SessionFactory(webinar=webinar)
image = rendering.render(spec=template, text=rendering.VisualText("Un autre webinaire de même taille", "Mardi", "http://127.0.0.1/x/"))
static = os.environ["BENCH_STATIC_FILE"]
os.makedirs(os.path.dirname(static), exist_ok=True)
with open(static, "wb") as handle:
    handle.write(rendering.encode(image))
print(json.dumps({"webinar": webinar.pk}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def report(label, value):
    print(f"\n[bench] {label}: {value}", flush=True)


def worker_pid(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def memory(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # MB
    raise AssertionError(field)


def timed(url, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = requests.get(url, timeout=60)
        assert response.status_code == 200
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@pytest.fixture
def stack(tmp_path):
    port = free_port()
    static_dir = ROOT / "staticfiles" / f"kit-bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "BENCH_STATIC_FILE": str(static_dir / "banner.png"),
    }
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    setup = SETUP % {"files": FILES, "mb": FILE_MB}
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    ids = json.loads(out.stdout.strip().splitlines()[-1])
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "w"),  # noqa: SIM115
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
        yield {"base": base, "server": server, "static": f"/static/{static_dir.name}/banner.png", **ids}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(static_dir, ignore_errors=True)


def test_kit_zip_streams_in_flat_memory_and_banner_is_served_from_cache(stack):
    base = stack["base"]
    pid = worker_pid(stack["server"].pid)
    requests.get(f"{base}/kit/", timeout=60).raise_for_status()  # code loaded, caches warm
    before = memory(pid, "VmRSS")
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    size = 0
    start = time.perf_counter()
    with requests.get(f"{base}/kit/archive/", stream=True, timeout=300) as response:
        response.raise_for_status()
        assert response.headers["Content-Disposition"] == 'attachment; filename="kit-reussir-mon-espace-sante-v9.0.zip"'
        for chunk in response.iter_content(1024 * 1024):
            size += len(chunk)
    elapsed = time.perf_counter() - start
    peak = memory(pid, "VmHWM")
    growth = peak - before
    report("kit ZIP size", f"{size / 1024 / 1024:.0f} MB in {elapsed:.1f} s ({size / 1024 / 1024 / elapsed:.0f} MB/s)")
    report("worker memory", f"RSS {before:.0f} MB before, peak {peak:.0f} MB while streaming: +{growth:.1f} MB")
    assert size > FILES * FILE_MB * 1024 * 1024
    assert growth < 64

    visual = f"{base}/kit/visuels/{stack['webinar']}/banniere.png"
    start = time.perf_counter()
    first = requests.get(visual, timeout=60)
    first_ms = (time.perf_counter() - start) * 1000
    first.raise_for_status()
    static = requests.get(f"{base}{stack['static']}", timeout=60)
    static.raise_for_status()
    cached_ms = timed(visual, REPEAT)
    static_ms = timed(f"{base}{stack['static']}", REPEAT)
    report("banner 1500x500, first request (drawn)", f"{first_ms:.0f} ms, {len(first.content) / 1024:.0f} KB")
    report("banner, cached", f"{cached_ms:.2f} ms median over {REPEAT}")
    report(
        "static PNG of the same size (WhiteNoise)", f"{static_ms:.2f} ms median, {len(static.content) / 1024:.0f} KB"
    )
    report("cached / static ratio", f"{cached_ms / static_ms:.2f}")
