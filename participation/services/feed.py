"""The feed to participez.esante.gouv.fr: items, hashes, exports (JSON, CSV, Cap Collectif), pull cursor.

An item is the neutral description of one published, consented contribution.
Its content hash covers what the receiving platform shows; the revision goes up
each time that hash changes, and `feed_updated_at` moves with it, so an
incremental export reads only what changed through one index.
"""

import csv
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import Contribution, ExportBatch, ExportCursor, ExportRecord, Kind, ParticipationSettings

CHUNK = 500
CAPCOLLECTIF_MAX_ROWS = 500
CSV_COLUMNS = [
    "external_id",
    "revision",
    "kind",
    "title/fr",
    "body/fr",
    "theme",
    "communities",
    "webinar",
    "author",
    "source_url",
    "published_at",
    "updated_at",
    "content_hash",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _iso(value):
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def _content(contribution):
    return {
        "kind": contribution.kind,
        "title": {"fr": contribution.exported_title or contribution.title},
        "body": {"fr": contribution.body},
        "theme": contribution.theme.name if contribution.theme_id else "",
        "communities": [c.name for c in contribution.communities.all()],
        "webinar": contribution.webinar.title if contribution.webinar_id else "",
        "author": contribution.public_author,
        "organisation": contribution.organisation if contribution.show_name else "",
        "staff_answer": contribution.staff_answer,
        "retained": contribution.retained,
        "source_url": contribution.source_url,
        "published_at": _iso(contribution.published_at),
    }


def content_hash(contribution):
    canonical = json.dumps(_content(contribution), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def feed_item(contribution):
    """The neutral payload: the same keys, in the same order, in every format."""
    return {
        "external_id": str(contribution.external_id),
        "revision": contribution.revision,
        **_content(contribution),
        "updated_at": _iso(contribution.feed_updated_at),
        "content_hash": contribution.content_hash,
    }


def feed_refresh(*, contribution, now=None):
    """After a change: a new revision when what the feed carries changed (and a push, if configured)."""
    if not (contribution.is_published and contribution.consent_transfer):
        return False
    new_hash = content_hash(contribution)
    if new_hash == contribution.content_hash:
        return False
    contribution.content_hash = new_hash
    contribution.revision += 1
    contribution.feed_updated_at = now or timezone.now()
    fields = ["content_hash", "revision", "feed_updated_at"]
    if settings.PARTICIPATION_PUSH_URL:
        contribution.sync_status = Contribution.SyncStatus.PENDING
        contribution.sync_attempts = 0
        contribution.sync_error = ""
        fields += ["sync_status", "sync_attempts", "sync_error"]
    contribution.save(update_fields=fields)
    if settings.PARTICIPATION_PUSH_URL:
        from .push import enqueue_push

        transaction.on_commit(partial(enqueue_push, contribution.pk), robust=True)
    return True


def feed_queryset():
    return (
        Contribution.objects.in_feed()
        .select_related("theme", "webinar")
        .prefetch_related("communities")
        .order_by("feed_updated_at", "pk")
    )


def _freeze_titles(contribution_ids):
    Contribution.objects.filter(pk__in=contribution_ids, exported_title="").update(exported_title=F("title"))


def _records(contributions: Iterable[Contribution], *, destination, batch=None, now) -> Iterator[ExportRecord]:
    for contribution in contributions:
        yield ExportRecord(
            contribution_id=contribution.pk,
            batch=batch,
            destination=destination,
            external_id=contribution.external_id,
            revision=contribution.revision,
            content_hash=contribution.content_hash,
            payload=feed_item(contribution),
            created_at=now,
        )


def _save_records(records: Iterator[ExportRecord]):
    """Bulk-insert in chunks (memory stays flat); returns the count and the last contribution id seen."""
    count, chunk = 0, []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            ExportRecord.objects.bulk_create(chunk)
            _freeze_titles([r.contribution_id for r in chunk])
            count += len(chunk)
            chunk = []
    if chunk:
        ExportRecord.objects.bulk_create(chunk)
        _freeze_titles([r.contribution_id for r in chunk])
        count += len(chunk)
    return count


def export_create(*, format, full=False, user=None, now=None, header=""):
    """Record one export: by default what changed since the last one of this format, all on demand.

    A second incremental export with nothing changed is empty: a re-export never duplicates.
    """
    now = now or timezone.now()
    destination = f"file:{format}"
    if format == ExportBatch.Format.CAPCOLLECTIF and not header:
        header = ParticipationSettings.load().capcollectif_header
    with transaction.atomic():
        cursor, _created = ExportCursor.objects.select_for_update().get_or_create(destination=destination)
        contributions = feed_queryset()
        if not full:
            contributions = contributions.filter(cursor.changed_filter())
        # The high-water mark is read before the rows, so a change made meanwhile is caught next time.
        last = contributions.values("feed_updated_at", "pk").last()
        batch = ExportBatch.objects.create(format=format, full=full, header=header, created_by=user, created_at=now)
        batch.count = _save_records(
            _records(contributions.iterator(chunk_size=CHUNK), destination=destination, batch=batch, now=now)
        )
        batch.save(update_fields=["count"])
        if last:
            cursor.updated_at, cursor.last_pk = last["feed_updated_at"], last["pk"]
            cursor.save()
    return batch


# --- Rendering (streamed from the records: what left is what is written) ---


def neutralise(value):
    """Spreadsheets run cells that start like a formula: make them text."""
    value = "" if value is None else str(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def _csv_writer():
    return csv.writer(_Echo(), delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def batch_payloads(batch) -> Iterator[dict]:
    yield from batch.records.order_by("pk").values_list("payload", flat=True).iterator(chunk_size=1000)


# The order of feed_item's keys. Payloads read back from a JSONField come in the database's order
# (PostgreSQL's jsonb sorts keys), so every file is written in this one order.
FEED_KEYS = (
    "external_id",
    "revision",
    "kind",
    "title",
    "body",
    "theme",
    "communities",
    "webinar",
    "author",
    "organisation",
    "staff_answer",
    "retained",
    "source_url",
    "published_at",
    "updated_at",
    "content_hash",
)


def _in_feed_order(payload: dict) -> dict:
    ordered = {key: payload[key] for key in FEED_KEYS if key in payload}
    ordered.update((key, value) for key, value in payload.items() if key not in ordered)
    return ordered


def render_json(payloads: Iterable[dict]) -> Iterator[bytes]:
    yield b"["
    separator = b"\n"
    for payload in payloads:
        yield separator + json.dumps(_in_feed_order(payload), ensure_ascii=False, separators=(",", ":")).encode()
        separator = b",\n"
    yield b"\n]\n"


def csv_row(payload):
    return [
        payload["external_id"],
        payload["revision"],
        payload["kind"],
        payload["title"]["fr"],
        payload["body"]["fr"],
        payload["theme"],
        ", ".join(payload["communities"]),
        payload["webinar"],
        payload["author"],
        payload["source_url"],
        payload["published_at"],
        payload["updated_at"],
        payload["content_hash"],
    ]


def render_csv(payloads: Iterable[dict]) -> Iterator[bytes]:
    writer = _csv_writer()
    yield writer.writerow(CSV_COLUMNS).encode()
    for payload in payloads:
        yield writer.writerow([neutralise(cell) for cell in csv_row(payload)]).encode()


def _normalise_header(name):
    name = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff")).encode("ascii", "ignore").decode()
    return name.lower().replace("_", " ").replace("-", " ").strip()


def parse_header(header):
    """The first line staff pasted from Cap Collectif's model file, split on `;`."""
    lines = [line for line in header.replace("\r", "\n").split("\n") if line.strip()]
    if not lines:
        return []
    return next(csv.reader([lines[0].lstrip("\ufeff")], delimiter=";"))


KIND_LABELS_FR = {
    Kind.IDEA: "Idée",
    Kind.GOOD_PRACTICE: "Bonne pratique",
    Kind.QUESTION: "Question",
    Kind.TESTIMONY: "Témoignage",
}


def capcollectif_body(payload):
    return f"{payload['body']['fr']}\n\nRéf. {payload['external_id']} — {payload['source_url']}"


def capcollectif_value(column, payload, *, emails, institutional):
    key = _normalise_header(column)
    if key in {"title", "titre"}:
        return payload["title"]["fr"]
    if key in {"author", "auteur", "author email", "auteur email", "email"}:
        return emails.get(payload["external_id"]) or institutional
    if key in {"body", "contenu", "description", "corps", "texte"}:
        return capcollectif_body(payload)
    if key in {"summary", "resume"}:
        return payload["body"]["fr"][:140]
    if key in {"theme", "themes"}:
        return payload["theme"]
    if key in {"category", "categorie"}:
        return KIND_LABELS_FR.get(payload["kind"], payload["kind"])
    return ""


def capcollectif_parts(batch):
    return max(1, -(-batch.count // CAPCOLLECTIF_MAX_ROWS))


def render_capcollectif(batch, *, part=1) -> Iterator[bytes]:
    """Rows `(part-1)*500+1` to `part*500` of the batch, under the pasted header, in its column order.

    The author is the contributor's email only when they agreed to show their name.
    """
    columns = parse_header(batch.header)
    institutional = ParticipationSettings.load().institutional_account
    writer = _csv_writer()
    yield writer.writerow([neutralise(c) for c in columns]).encode()
    records = batch.records.order_by("pk")[(part - 1) * CAPCOLLECTIF_MAX_ROWS : part * CAPCOLLECTIF_MAX_ROWS]
    rows = list(records.values_list("payload", "contribution__email", "contribution__show_name"))
    emails = {payload["external_id"]: email for payload, email, show in rows if show}
    for payload, _email, _show in rows:
        values = [capcollectif_value(c, payload, emails=emails, institutional=institutional) for c in columns]
        yield writer.writerow([neutralise(v) for v in values]).encode()


# --- Pull (the API) ---


class BadCursor(ValueError):
    pass


def cursor_encode(contribution):
    # URL-safe as is (no "+"): a partner may paste it into a query string unencoded.
    return f"{contribution.feed_updated_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}~{contribution.pk}"


def cursor_decode(value):
    try:
        stamp, pk = value.rsplit("~", 1)
        when = datetime.fromisoformat(stamp)
        if timezone.is_naive(when):
            raise ValueError("naive")
        return when, int(pk)
    except (ValueError, TypeError) as exc:
        raise BadCursor(value) from exc


def feed_pull(*, partner, since="", limit=100, now=None):
    """One page of the feed after `since`; records what the partner received."""
    now = now or timezone.now()
    contributions = feed_queryset()
    if since:
        when, pk = cursor_decode(since)
        contributions = contributions.filter(Q(feed_updated_at__gt=when) | Q(feed_updated_at=when, pk__gt=pk))
    page = list(contributions[: limit + 1])
    has_more = len(page) > limit
    page = page[:limit]
    with transaction.atomic():
        _save_records(_records(page, destination=f"api:{partner.pk}", now=now))
        type(partner).objects.filter(pk=partner.pk).update(last_used_at=now)
    return {
        "items": [feed_item(c) for c in page],
        "next_cursor": cursor_encode(page[-1]) if page else since,
        "has_more": has_more,
    }
