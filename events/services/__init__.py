"""Registration workflows, by concern (as pretix's `base/services/`):

- `rules`: when a session takes registrations, and the errors a refusal raises;
- `locks`: the session lock, only inside a transaction;
- `seats`: register, cancel, move, promote from the waiting list;
- `sessions`: staff change a session (`session_update`); `recurrence`: rule to sessions;
- `notifications`: emails to registrants, through the outbox;
- `jobs`: reminders and follow-ups; `retention`: anonymisation.

The public names are importable from `events.services`.
"""

from .jobs import followups_send, reminders_send
from .locks import session_lock, sessions_lock
from .notifications import registrants_message, registration_email_queue, session_change_notify
from .recurrence import webinar_sessions_sync
from .retention import personal_data_purge
from .rules import CLOSED_MESSAGES, RegistrationClosed, RegistrationError, SessionFull, closed_reason
from .seats import (
    PERSON_FIELDS,
    move_targets,
    registration_cancel,
    registration_create,
    registration_move,
    waitlist_promote,
)
from .sessions import session_capacity_changed, session_update

__all__ = [
    "CLOSED_MESSAGES",
    "PERSON_FIELDS",
    "RegistrationClosed",
    "RegistrationError",
    "SessionFull",
    "closed_reason",
    "followups_send",
    "move_targets",
    "personal_data_purge",
    "registrants_message",
    "registration_cancel",
    "registration_create",
    "registration_email_queue",
    "registration_move",
    "reminders_send",
    "session_capacity_changed",
    "session_change_notify",
    "session_lock",
    "session_update",
    "sessions_lock",
    "waitlist_promote",
    "webinar_sessions_sync",
]
