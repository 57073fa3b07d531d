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


def time_label(value: datetime) -> str:
    """One way to write a time everywhere (French "10 h 00"), never broken across lines."""
    from django.utils.formats import date_format
    from django.utils.translation import pgettext

    # Translators: a Django time format; French writes "10 h 00".
    return date_format(value, pgettext("time of a session", "H:i")).replace(" ", "\u00a0")
