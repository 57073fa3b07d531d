"""The outbox and the blocked addresses in the Wagtail admin.

The outbox is read-only (a message is a record of what was sent); a failed
message can be sent again from its page.
"""

import re

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import EmailSuppression, OutboundMessage
from .services import message_retry


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff may look (view permission), never add, edit or delete an outbox row."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(OutboundMessage, ReadOnlyPermissionPolicy(OutboundMessage))

# A path segment that is a signed personal token (long, letters, digits, ':', '-', '_').
PERSONAL_LINK_TOKEN = re.compile(r"(https?://[^\s/]+/(?:[^\s/]+/)*?)[\w:\-.]{24,}(?=[/\s]|$)")


def mask_personal_links(text):
    """Keep the address of a personal link, hide its token: a live link lets anyone who
    reads it cancel or move someone else's registration."""
    return PERSONAL_LINK_TOKEN.sub(r"\1•••", text)


class OutboundMessageViewSet(ModelViewSet):
    model = OutboundMessage
    icon = "mail"
    menu_label = _("Outbox")
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["to"]  # required by ModelViewSet; there is no add or edit view
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    list_per_page = 50
    list_display = [
        "subject",
        "to",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        "attempts",
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
    ]
    inspect_view_fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
        "template",
        "key",
        "text",
        "created_at",
    ]

    def get_urlpatterns(self):
        return [
            pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results", "inspect")
        ] + [path("retry/<int:pk>/", self.retry_view, name="retry")]

    def retry_view(self, request, pk):
        if request.method != "POST" or not request.user.has_perm("mailer.view_outboundmessage"):
            return redirect(self.get_url_name("index"))
        message = get_object_or_404(OutboundMessage, pk=pk)
        if message_retry(message=message):
            messages.success(request, _("The message will be sent again."))
        else:
            messages.warning(request, _("Only a failed or blocked message can be sent again."))
        return redirect(reverse(self.get_url_name("inspect"), args=[pk]))

    @property
    def inspect_view_class(self):
        from wagtail.admin.views.generic import InspectView

        viewset = self

        class OutboundMessageInspectView(InspectView):
            template_name = "mailer/outboundmessage_inspect.html"

            def get_text_display_value(self):
                if self.request.user.is_superuser:
                    return self.object.text
                return mask_personal_links(self.object.text)

            def get_context_data(self, **kwargs):
                context = super().get_context_data(**kwargs)
                context["retry_url"] = reverse(viewset.get_url_name("retry"), args=[self.object.pk])
                context["can_retry"] = self.object.status in (
                    OutboundMessage.Status.FAILED,
                    OutboundMessage.Status.SUPPRESSED,
                )
                return context

        return OutboundMessageInspectView


class EmailSuppressionViewSet(ModelViewSet):
    model = EmailSuppression
    icon = "warning"
    menu_label = _("Blocked addresses")
    copy_view_enabled = False
    list_filter = ["reason"]
    search_fields = ["email"]
    list_display = [
        "email",
        "reason",
        "provider",
        DateColumn("created_at", label=_("Reported")),
        DateColumn("expires_at", label=_("Blocked until")),
    ]
    # Unblocking is deleting the row (or shortening "blocked until").
    form_fields = ["email", "reason", "description", "expires_at"]


class MailerViewSetGroup(ViewSetGroup):
    menu_label = _("Email")
    menu_icon = "mail"
    menu_order = 900
    items = (OutboundMessageViewSet("outbox"), EmailSuppressionViewSet("blocked_addresses"))


@hooks.register("register_admin_viewset")
def register_mailer_viewsets():
    return MailerViewSetGroup()
