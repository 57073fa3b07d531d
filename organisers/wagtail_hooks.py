"""Admin: webinar proposals to review, session change requests; the access hook events asks."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import services
from .admin_views import (
    ChangeRequestApplyView,
    ProposalFilterSet,
    ProposalIndexView,
    ProposalInspectView,
    ReviewOnlyPolicy,
)
from .models import Proposal, SessionChangeRequest

register_permission_policy(Proposal, ReviewOnlyPolicy(Proposal), exact_class=True)
register_permission_policy(SessionChangeRequest, ReviewOnlyPolicy(SessionChangeRequest), exact_class=True)


class ProposalViewSet(ModelViewSet):
    model = Proposal
    icon = "form"
    menu_label = _("Webinar proposals")
    name = "proposals"
    url_namespace = "organisers_proposals"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ProposalInspectView
    index_view_class = ProposalIndexView
    filterset_class = ProposalFilterSet
    search_fields = ["title", "organisation", "contact_name", "email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_display = [
        "title",
        "organisation",
        Column("get_organisation_type_display", label=_("Type of organisation"), sort_key="organisation_type"),
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda p: p.status in (Proposal.Status.NEW, Proposal.Status.IN_REVIEW),
        ),
        DateColumn("created_at", label=_("Submitted"), sort_key="created_at"),
    ]
    list_export = ["title", "organisation", "organisation_type", "email", "status", "created_at"]
    # Never editable in the admin (the policy refuses add, change and delete): reviewed, not rewritten.
    form_fields = ["status"]


class ChangeRequestViewSet(ModelViewSet):
    model = SessionChangeRequest
    icon = "time"
    menu_label = _("Session change requests")
    name = "session_change_requests"
    url_namespace = "organisers_change_requests"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ChangeRequestApplyView
    search_fields = None
    list_filter = ["status"]
    list_display = ["session", "start", "capacity", Column("get_status_display", label=_("Status")), "created_at"]
    form_fields = ["status"]


class OrganisersViewSetGroup(ViewSetGroup):
    menu_label = _("Organisers")
    menu_icon = "group"
    menu_order = 205
    items = (ProposalViewSet, ChangeRequestViewSet)


@hooks.register("register_admin_viewset")
def register_organisers_viewsets():
    return OrganisersViewSetGroup()


@hooks.register("events_webinar_access")
def organiser_webinar_access(user, webinar_id):
    return services.webinar_access(user, webinar_id)
