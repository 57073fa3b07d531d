"""The programme's one time zone: sessions are announced in Paris time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def paris_day(value: date | datetime) -> date:
    """The calendar day of a date or datetime as staff meant it, in Paris."""
    if isinstance(value, datetime):
        return timezone.localtime(value, PARIS).date() if timezone.is_aware(value) else value.date()
    return value
