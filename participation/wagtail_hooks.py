"""Staff screens of the forum: moderation queue, exports to participez, partners' tokens, abuse reports."""

import django_filters
from django.db import transaction
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from events.models import Theme

from . import admin_urls, admin_views
from .models import AbuseReport, Contribution, Kind, Partner
from .services import contributions as services


class ContributionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Contribution.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    theme = django_filters.ModelChoiceFilter(label=_("Theme"), queryset=Theme.objects.all())
    retained = django_filters.BooleanFilter(label=_("Retained"))
    reported = django_filters.BooleanFilter(label=_("Reported"), method="filter_reported")
    sync_status = django_filters.ChoiceFilter(label=_("Push status"), choices=Contribution.SyncStatus.choices[1:])

    class Meta:
        model = Contribution
        fields = ["status", "kind", "theme", "retained", "sync_status"]

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


class NoAddPolicy(ModelPermissionPolicy):
    """Contributions come from the public form: staff moderate and correct them, never create them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(Contribution, NoAddPolicy(Contribution))
register_permission_policy(AbuseReport, NoAddPolicy(AbuseReport))


class ContributionEditView(generic.EditView):
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if self.object.title_frozen and "title" in form.fields:
            form.fields["title"].disabled = True
            form.fields["title"].help_text = _("Already exported to participez: the title no longer changes.")
        return form

    def save_instance(self):
        with transaction.atomic():
            instance = self.form.save()
            services.contribution_edit(contribution=instance, user=self.request.user)
        return instance

    def get_success_url(self):
        return reverse("participation_contributions:moderate", args=[self.object.pk])


class ContributionViewSet(ModelViewSet):
    model = Contribution
    name = "participation_contributions"
    icon = "comment"
    menu_label = _("Moderation")
    add_to_admin_menu = False
    edit_view_class = ContributionEditView
    copy_view_enabled = False
    filterset_class = ContributionFilterSet
    search_fields = ["title", "body", "email", "author_name"]
    ordering = ["-created_at"]
    list_per_page = 50
    form_fields = ["title", "body", "kind", "theme", "communities"]
    list_export = ["external_id", "title", "kind", "status", "support_count", "created_at", "published_at"]
    list_display = [
        TitleColumn("title", label=_("Title"), url_name="participation_contributions:moderate"),
        StatusTagColumn("get_status_display", label=_("Status"), sort_key="status", primary=lambda c: c.is_published),
        Column("get_kind_display", label=_("Kind"), sort_key="kind"),
        Column("support_count", label=_("Supports"), sort_key="support_count"),
        Column("report_count", label=_("Reports"), sort_key="report_count"),
        Column("get_sync_status_display", label=_("Push"), sort_key="sync_status"),
        DateColumn("created_at", label=_("Submitted"), sort_key="created_at"),
    ]

    def get_queryset(self, request):
        return Contribution.objects.select_related("theme")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", admin_views.moderate, name="moderate"),
        ]


class PartnerCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        self.new_token = instance.set_new_token()
        instance.save()
        return instance

    def get_success_message(self, instance):
        return _("Partner « %(name)s » added. Its token, shown only now: %(token)s") % {
            "name": instance.name,
            "token": self.new_token,
        }


class PartnerViewSet(ModelViewSet):
    model = Partner
    icon = "key"
    menu_label = _("Feed partners")
    add_to_admin_menu = False
    add_view_class = PartnerCreateView
    copy_view_enabled = False
    form_fields = ["name", "active"]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="participation_partner:edit"),
        Column("token_prefix", label=_("Token starts with")),
        Column("active", label=_("Active")),
        DateColumn("last_used_at", label=_("Last used")),
    ]
    name = "participation_partner"


class AbuseReportViewSet(ModelViewSet):
    model = AbuseReport
    icon = "warning"
    menu_label = _("Abuse reports")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["handled"]
    list_filter = ["handled"]
    list_display = [
        TitleColumn("contribution", label=_("Contribution"), url_name="participation_abusereport:edit"),
        Column("reason", label=_("Reason")),
        Column("handled", label=_("Handled")),
        DateColumn("created_at", label=_("Reported")),
    ]
    name = "participation_abusereport"


class ExportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("participation.view_contribution")


class ParticipationGroup(ViewSetGroup):
    menu_label = _("Contributions")
    menu_icon = "comment"
    menu_order = 250
    items = (ContributionViewSet, AbuseReportViewSet, PartnerViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ParticipationGroup()


@hooks.register("register_admin_menu_item")
def register_exports_menu_item():
    return ExportsMenuItem(
        _("Exports to participez"), reverse("participation_exports:index"), icon_name="download", order=251
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("participation/exports/", include(admin_urls, namespace="participation_exports"))]
