"""When a session takes registrations, and the errors a refused change raises."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.sessions import Session


class RegistrationError(Exception):
    """A rule refused the change; `message` is shown to the person as it is."""

    code = "invalid"
    default_message = _("This change is not possible.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class RegistrationClosed(RegistrationError):
    code = "closed"
    default_message = _("Registration for this session is closed.")


class SessionFull(RegistrationError):
    code = "full"
    default_message = _("This session is full.")


CLOSED_MESSAGES = {
    "cancelled": _("This session has been cancelled."),
    "past": _("This session has already taken place."),
    "closed": _("Registration for this session is closed."),
}


def closed_reason(session: Session, now: datetime | None = None) -> str:
    """Why a session takes no registration, or "" when it does."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        return "cancelled"
    if session.start <= now:
        return "past"
    if session.status != Session.Status.SCHEDULED or not session.registration_open:
        return "closed"
    return ""
