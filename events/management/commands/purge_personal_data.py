from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import personal_data_purge


class Command(BaseCommand):
    help = "Anonymise registrants PERSONAL_DATA_RETENTION_DAYS after their session (idempotent; run daily)."

    def handle(self, *args, **options):
        result = personal_data_purge()
        self.stdout.write(
            f"{result['anonymised']} registration(s) anonymised, {result['messages_deleted']} old email(s) deleted "
            f"(retention: {settings.PERSONAL_DATA_RETENTION_DAYS} days)."
        )
