from django.core.management.base import BaseCommand

from mailer.services import messages_retry_due


class Command(BaseCommand):
    help = "Hand due or stalled outbox messages to the worker again (idempotent; run every few minutes)."

    def handle(self, *args, **options):
        result = messages_retry_due()
        self.stdout.write(f"{result['enqueued']} message(s) enqueued, {result['recovered']} recovered from a crash.")
