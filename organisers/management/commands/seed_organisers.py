from django.core.management.base import BaseCommand

from organisers.demo import seed_organiser_page


class Command(BaseCommand):
    help = "Create the « Organiser un webinaire » page (/organiser/) if it is missing. Idempotent."

    def handle(self, *args, **options):
        page = seed_organiser_page()
        if page is None:
            self.stdout.write(self.style.WARNING("No default site: run seed_demo first."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Organiser page ready: {page.url_path}"))
