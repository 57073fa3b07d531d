from django.core.management.base import BaseCommand

from home.demo import seed_site


class Command(BaseCommand):
    help = "Build (or refresh) a believable demo site from the press kit. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--webinars", type=int, default=None, help="Also generate this many extra webinars (benchmarks)."
        )

    def handle(self, *args, **options):
        home = seed_site()
        self.stdout.write(self.style.SUCCESS(f"Site ready: home page «{home.title}» and editorial pages."))
