"""The feed to participez: run with `make bench` (BENCH=1); prints a table.

1. A full export of 1,000 and of 10,000 contributions: records written in chunks and files
   streamed from them; peak Python memory (tracemalloc) stays flat while the count grows tenfold.
2. The incremental export with 10,000 published: its time follows what changed (0, 10, 1,000),
   not the total, because it reads `feed_updated_at` through its index.
"""

import time
import tracemalloc
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from participation.models import Contribution, ExportBatch, ExportCursor, ExportRecord
from participation.services import feed
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def report(label, value):
    print(f"  {label:<66} {value}")


def _make(count, theme, start):
    rows = [
        Contribution(
            title=f"Idée {i} : un rappel SMS",
            body="Nous envoyons un SMS la veille du rendez-vous. " * 8,
            kind="idea",
            theme=theme,
            author_name="Camille Martin",
            email=f"c{i}@example.org",
            show_name=bool(i % 2),
            consent_transfer=True,
            status="published",
            published_at=start,
            feed_updated_at=start + timedelta(microseconds=i),
            revision=1,
            content_hash=f"{i:064d}",
            external_id=uuid.uuid4(),
        )
        for i in range(count)
    ]
    Contribution.objects.bulk_create(rows, batch_size=1000)


def _reset():
    ExportRecord.objects.all().delete()
    ExportBatch.objects.all().delete()
    ExportCursor.objects.all().delete()
    Contribution.objects.all().delete()


def _measure(callable_):
    start = time.perf_counter()
    result = callable_()
    return result, time.perf_counter() - start


def _peak(callable_):
    tracemalloc.start()
    callable_()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _drain(chunks):
    size = 0
    for chunk in chunks:
        size += len(chunk)
    return size


def test_full_export_streams_with_flat_memory():
    theme = ThemeFactory()
    print()
    peaks = {}
    for count in (1_000, 10_000):
        _reset()
        _make(count, theme, timezone.now() - timedelta(days=1))
        batch, seconds = _measure(lambda: feed.export_create(format="csv", full=True))
        report(f"full export of {count:,} (records written)", f"{seconds * 1000:,.0f} ms")
        size, seconds = _measure(lambda batch=batch: _drain(feed.render_csv(feed.batch_payloads(batch))))
        report(f"  CSV streamed, {size / 1e6:.1f} MB", f"{seconds * 1000:,.0f} ms")
        size, seconds = _measure(lambda batch=batch: _drain(feed.render_json(feed.batch_payloads(batch))))
        report(f"  JSON streamed, {size / 1e6:.1f} MB", f"{seconds * 1000:,.0f} ms")
        export_peak = _peak(lambda: feed.export_create(format="json", full=True))
        stream_peak = _peak(lambda batch=batch: _drain(feed.render_csv(feed.batch_payloads(batch))))
        peaks[count] = (export_peak, stream_peak)
        report("  peak Python memory: export / CSV stream", f"{export_peak / 1e6:.1f} MB / {stream_peak / 1e6:.1f} MB")
    ratio_export = peaks[10_000][0] / peaks[1_000][0]
    ratio_stream = peaks[10_000][1] / peaks[1_000][1]
    report("memory ratio 10,000 / 1,000 (export, stream)", f"{ratio_export:.2f}, {ratio_stream:.2f}")
    assert ratio_stream < 2 and ratio_export < 2


def test_incremental_export_time_follows_what_changed():
    theme = ThemeFactory()
    _reset()
    start = timezone.now() - timedelta(days=1)
    _make(10_000, theme, start)
    feed.export_create(format="csv")
    print()
    ids = list(Contribution.objects.order_by("pk").values_list("pk", flat=True))
    for changed in (0, 10, 1_000):
        now = timezone.now()
        Contribution.objects.filter(pk__in=ids[:changed]).update(feed_updated_at=now, revision=2)
        batch, seconds = _measure(lambda: feed.export_create(format="csv"))
        assert batch.count == changed
        report(f"incremental export, 10,000 published, {changed:,} changed", f"{seconds * 1000:,.1f} ms")
