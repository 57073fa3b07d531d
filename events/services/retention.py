"""Personal data is kept for a set time after a session, then anonymised."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.models.registrations import Registration
from mailer.services import messages_purge


def personal_data_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Anonymise registrants a set time after their session; counts by community and
    department, statuses and attendance stay. Old outbox rows go too. Idempotent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    pk_text = Cast("pk", output_field=CharField())
    with transaction.atomic():
        anonymised = Registration.objects.filter(session__end__lt=cutoff, anonymised_at__isnull=True).update(
            first_name="",
            last_name="",
            organisation="",
            email=Concat(Value("anonyme-"), pk_text, Value("@anonyme.invalid"), output_field=CharField()),
            # A new key kills every personal link that was sent.
            access_key=Concat(Value("anonymised-"), pk_text, output_field=CharField()),
            consent_newsletter=False,
            consent_contact=False,
            anonymised_at=now,
            updated_at=now,
        )
        deleted = messages_purge(before=cutoff)
    return {"anonymised": anonymised, "messages_deleted": deleted}
