from django.core.management.base import BaseCommand

from participation.services.push import pushes_retry_due


class Command(BaseCommand):
    help = "Push again the contributions whose last push failed and whose retry is due."

    def handle(self, *args, **options):
        self.stdout.write(f"{pushes_retry_due()} push(es) retried.")
