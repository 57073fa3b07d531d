from django.core.management.base import BaseCommand

from home.demo import seed_site


class Command(BaseCommand):
    help = "Build (or refresh) a believable demo site from the press kit. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--webinars", type=int, default=None, help="Also generate this many extra webinars (benchmarks)."
        )

    def handle(self, *args, **options):
        from events.demo import generate_webinars, seed_programme

        home = seed_site()
        self.stdout.write(self.style.SUCCESS(f"Site ready: home page «{home.title}» and editorial pages."))
        created = seed_programme(home)
        self.stdout.write(self.style.SUCCESS(f"Programme ready: {created} demo webinars added."))
        # Other apps add their demo content through this hook (kits: the turnkey kit).
        from wagtail import hooks

        for seed in hooks.get_hooks("seed_demo"):
            message = seed(home)
            if message:
                self.stdout.write(self.style.SUCCESS(message))
        if options["webinars"]:
            from events.models import ProgrammePage

            extra = generate_webinars(ProgrammePage.objects.get(), options["webinars"])
            self.stdout.write(self.style.SUCCESS(f"Benchmark programme: {extra} extra webinars added."))
