import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo administrator (development settings only) and print its credentials."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ADMIN_ALLOWED", False):
            raise CommandError("The demo administrator only exists with development settings.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="admin", defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password("admin")
            user.save()
        port = os.environ.get("PORT", "8000")
        note = "" if created else " (unchanged if you changed it)"
        self.stdout.write(
            self.style.WARNING(f"Demo admin: http://127.0.0.1:{port}/admin/  user «admin»  password «admin»{note}")
        )
