"""Speed of the public API and the widget beside the programme page: `make bench` (BENCH=1).

1,000 webinars (3,000 sessions): the API's first page of webinars and sessions
(100 per page), the whole list of 1,000 webinars page by page, the widget, and
/programme/ for comparison; median of several runs, with query counts.
"""

import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.demo import generate_webinars
from events.models import Session, WebinarPage
from tests.factories import ProgrammePageFactory


def report(label, value):
    print(f"  {label:<62} {value}")


def measure(client, url, repeat=7):
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times), len(captured)


@pytest.fixture
def programme(site_root):
    return ProgrammePageFactory(parent=site_root, title="Programme", slug="programme")


URLS = [
    ("/programme/ (20 sessions per page)", "/programme/"),
    ("/widget/programme/ (5 sessions)", "/widget/programme/"),
    ("/widget/programme/?region=53&nombre=20", "/widget/programme/?region=53&nombre=20"),
    ("/api/v1/webinars?page_size=100", "/api/v1/webinars?page_size=100"),
    ("/api/v1/sessions?page_size=100", "/api/v1/sessions?page_size=100"),
    ("/api/v1/webinars?region=53&page_size=100", "/api/v1/webinars?region=53&page_size=100"),
]


@pytest.mark.django_db
def test_api_and_widget_beside_the_programme(client, programme):
    results = {}
    for size in (10, 1000):
        generate_webinars(programme, size)
        print(f"\n== {WebinarPage.objects.count():,} webinars, {Session.objects.count():,} sessions ==")
        for label, url in URLS:
            elapsed, queries = measure(client, url, repeat=5 if size == 1000 else 7)
            results[(size, url)] = (elapsed, queries)
            report(label, f"{elapsed * 1000:.1f} ms, {queries} queries")
    print("\n== the whole list of 1,000 webinars, 10 pages of 100 ==")
    start = time.perf_counter()
    total = 0
    for page in range(1, 11):
        data = client.get(f"/api/v1/webinars?page_size=100&page={page}").json()
        total += len(data["items"])
    elapsed = time.perf_counter() - start
    assert total == 1000
    report("10 pages, 1,000 webinars, 3,000 sessions", f"{elapsed * 1000:.0f} ms ({elapsed * 100:.1f} ms per page)")
    print("\n== ratio 1,000 / 10 webinars  ==")
    for label, url in URLS:
        small, large = results[(10, url)], results[(1000, url)]
        # A filter that matches nothing skips the prefetches: the counts to compare are
        # those of non-empty pages (asserted in tests/api and tests/widget).
        report(label, f"x{large[0] / small[0]:.2f}, {small[1]} -> {large[1]} queries")
