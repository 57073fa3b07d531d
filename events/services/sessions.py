"""Staff change a session: calendars get the update, the waiting list moves up.

Called explicitly by the admin's save and by the recurrence sync (no signal):
whoever changes a session through here tells its registrants.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.models.registrations import Registration
from events.models.sessions import Session

from .locks import session_lock
from .notifications import session_change_notify
from .seats import waitlist_promote

# Changes to these fields make calendars update the event (higher SEQUENCE).
CALENDAR_FIELDS = ("start", "end", "status")
EDITABLE_FIELDS = ("webinar", "start", "end", "capacity", "join_url", "status", "registration_open", "replay_url")


def session_update(*, session: Session, data: Mapping[str, Any]) -> Session:
    """Apply `data` to the session under its lock and tell whoever it concerns.

    A change of time or status raises the calendar SEQUENCE and sends every
    registrant the update or the cancellation (once per sequence, even if saved
    twice); more seats promote the waiting list. Returns the saved session.
    """
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable through session_update: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = session_lock(pk=session.pk)
        calendar_changed = any(field in data and data[field] != getattr(locked, field) for field in CALENDAR_FIELDS)
        for field, value in data.items():
            setattr(locked, field, value)
        if calendar_changed:
            locked.sequence += 1
        locked.save()
        if calendar_changed:
            session_change_notify(session=locked)
        session_capacity_changed(session=locked)
    return locked


def session_capacity_changed(*, session: Session) -> list[Registration]:
    """Capacity may have grown: the waiting list moves up (under the session lock)."""
    if session.status != Session.Status.SCHEDULED or session.start <= timezone.now():
        return []
    if not session.registrations.waitlisted().exists():
        return []
    return waitlist_promote(session=session)
