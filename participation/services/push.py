"""Push each new revision to a configured HTTPS endpoint, signed with HMAC-SHA256.

The receiver checks `X-Signature: sha256=<hex>` = HMAC(secret, "<X-Timestamp>." + body).
Failures are retried with exponential backoff (from the task worker when the
backend can defer, otherwise from `manage.py participation_push_retry`); each
contribution shows its sync status to staff.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Contribution, ExportRecord
from .feed import feed_item

logger = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def push_url_allowed(url):
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)


def sign(body: bytes, timestamp: str, secret: str) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def enqueue_push(contribution_id, *, run_after=None):
    from ..tasks import push_contribution

    task = push_contribution
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # `participation_push_retry` sends it when due
        task = task.using(run_after=run_after)
    return task.enqueue(contribution_id)


def backoff(attempts):
    return timedelta(seconds=min(settings.PARTICIPATION_PUSH_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600))


def contribution_push(*, contribution_id, now=None):
    """Send the current revision once; returns the new sync status."""
    url, secret = settings.PARTICIPATION_PUSH_URL, settings.PARTICIPATION_PUSH_SECRET
    contribution = Contribution.objects.in_feed().select_related("theme", "webinar").filter(pk=contribution_id).first()
    if not url or contribution is None:
        return None
    if contribution.sync_status == Contribution.SyncStatus.SENT and contribution.sync_revision == contribution.revision:
        return contribution.sync_status
    now = now or timezone.now()
    if not push_url_allowed(url) or not secret:
        return _failed(contribution, "The push address must use HTTPS and a secret must be set.", now, final=True)
    payload = feed_item(contribution)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (scheme checked by push_url_allowed)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Timestamp": stamp,
            "X-Signature": f"sha256={sign(body, stamp, secret)}",
            "X-External-Id": payload["external_id"],
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.PARTICIPATION_PUSH_TIMEOUT_SECONDS):  # noqa: S310
            pass
    except urllib.error.HTTPError as exc:
        return _failed(
            contribution, f"HTTP {exc.code}", now, final=400 <= exc.code < 500 and exc.code not in (408, 429)
        )
    except (urllib.error.URLError, OSError) as exc:
        return _failed(contribution, str(exc)[:500], now)
    with transaction.atomic():
        Contribution.objects.filter(pk=contribution.pk).update(
            sync_status=Contribution.SyncStatus.SENT,
            sync_revision=contribution.revision,
            sync_error="",
            sync_next_at=None,
            sync_attempts=contribution.sync_attempts + 1,
        )
        ExportRecord.objects.create(
            contribution=contribution,
            destination="push",
            external_id=contribution.external_id,
            revision=contribution.revision,
            content_hash=contribution.content_hash,
            payload=payload,
            created_at=now,
        )
    return Contribution.SyncStatus.SENT


def _failed(contribution, error, now, *, final=False):
    attempts = contribution.sync_attempts + 1
    final = final or attempts >= settings.PARTICIPATION_PUSH_MAX_ATTEMPTS
    status = Contribution.SyncStatus.FAILED if final else Contribution.SyncStatus.RETRYING
    next_at = None if final else now + backoff(attempts)
    Contribution.objects.filter(pk=contribution.pk).update(
        sync_status=status, sync_attempts=attempts, sync_error=error, sync_next_at=next_at
    )
    logger.warning("Push of contribution %s failed (attempt %s): %s", contribution.pk, attempts, error)
    if next_at is not None:
        transaction.on_commit(lambda: enqueue_push(contribution.pk, run_after=next_at), robust=True)
    return status


def pushes_retry_due(*, now=None):
    now = now or timezone.now()
    due = Contribution.objects.filter(sync_status=Contribution.SyncStatus.RETRYING, sync_next_at__lte=now)
    count = 0
    for pk in due.values_list("pk", flat=True):
        contribution_push(contribution_id=pk, now=now)
        count += 1
    return count
