"""A webinar's recurrence rule, expanded into sessions on publish."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models.sessions import Session

from .sessions import session_update

# How far ahead a recurrence rule is expanded into sessions.
RECURRENCE_HORIZON = timedelta(days=366)


def webinar_sessions_sync(*, webinar, now: datetime | None = None) -> tuple[int, int]:
    """Make the future generated sessions match the rule; returns (created, cancelled).

    Occurrences that left the rule are cancelled, never deleted: people may
    have registered for them, and they hear about it (`session_update`).
    `webinar` is a `WebinarPage`.
    """
    now = now or timezone.now()
    starts = webinar.recurrence_occurrences(now, now + RECURRENCE_HORIZON)
    wanted = {start.astimezone(UTC) for start in starts}
    with transaction.atomic():
        existing = {s.start: s for s in webinar.sessions.filter(from_recurrence=True, start__gte=now)}
        duration = timedelta(minutes=webinar.recurrence_duration)
        created = [
            Session(
                webinar=webinar,
                start=start,
                end=start + duration,
                capacity=webinar.recurrence_capacity,
                join_url=webinar.recurrence_join_url,
                from_recurrence=True,
            )
            for start in sorted(wanted - set(existing))
        ]
        Session.objects.bulk_create(created)
        cancelled = 0
        for start, session in existing.items():
            if start not in wanted and session.status != Session.Status.CANCELLED:
                session_update(session=session, data={"status": Session.Status.CANCELLED})
                cancelled += 1
    return len(created), cancelled
