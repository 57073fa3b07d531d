from django.core.management.base import BaseCommand

from events.services import followups_send, reminders_send


class Command(BaseCommand):
    help = "Queue due reminders and after-session emails (idempotent: each goes once; run every few minutes)."

    def handle(self, *args, **options):
        reminders = reminders_send()
        followups = followups_send()
        self.stdout.write(f"{reminders} reminder(s) and {followups} follow-up(s) queued.")
