from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and content")

    def ready(self):
        from .groups import ensure_staff_groups

        post_migrate.connect(ensure_staff_groups, dispatch_uid="home.ensure_staff_groups")
