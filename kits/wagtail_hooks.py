"""Admin screens of the kit and its extension points: visual templates, download counts,
the « Faire connaître ce webinaire » block on webinar pages, demo content."""

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kits import admin_urls
from kits.models import VisualTemplate
from kits.selectors import webinar_promotion, webinar_visuals


class VisualTemplateViewSet(SnippetViewSet):
    model = VisualTemplate
    icon = "image"
    menu_label = _("Visual templates")
    menu_name = "visual-templates"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "kind", BooleanColumn("is_active", label=_("In use")), "width", "height", "updated_at"]
    list_filter = ["kind", "is_active"]


register_snippet(VisualTemplateViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("kit-downloads/", include(admin_urls, namespace="kits_admin"))]


@hooks.register("register_admin_menu_item")
def register_downloads_menu_item():
    return MenuItem(_("Kit downloads"), reverse("kits_admin:downloads"), icon_name="download", order=320)


@hooks.register("webinar_page_sections")
def webinar_promotion_section(request, webinar):
    """The « Faire connaître ce webinaire » block: visuals and ready-to-paste texts."""
    visuals = webinar_visuals(webinar=webinar)
    return render_to_string(
        "kits/includes/webinar_promotion.html",
        {"webinar": webinar, "visuals": visuals, "texts": webinar_promotion(webinar=webinar)},
        request=request,
    )


@hooks.register("seed_demo")
def seed_demo_kit(home, stdout=None):
    from kits.demo import seed_kit

    kit = seed_kit(home)
    return f"Kit ready: « {kit.title} », version {kit.version}."


@hooks.register("register_image_operations")
def register_exact_size_operation():
    from kits.image_operations import ExactSizeOperation

    return [("exact", ExactSizeOperation)]
