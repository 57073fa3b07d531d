"""Admin screens of the programme: webinars, sessions, themes, communities, organisers.

Sessions carry registrations, so neither a session nor a webinar (nor a page
above one) with registrations can be deleted: staff cancel them instead.
"""

import django_filters
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from events import admin_views as registration_admin_views
from events.geo import REGION_CHOICES
from events.models import Community, Organiser, Registration, Session, Theme, WebinarPage
from events.services import session_update


class WebinarFilterSet(PageFilterSet):
    region = django_filters.ChoiceFilter(label=_("Region"), choices=REGION_CHOICES)
    themes = django_filters.ModelMultipleChoiceFilter(label=_("Themes"), queryset=Theme.objects.all())
    session_date = django_filters.DateFromToRangeFilter(
        label=_("Session dates"), method="filter_session_date", widget=DateRangePickerWidget
    )

    class Meta:
        model = WebinarPage
        fields = []

    def filter_session_date(self, queryset, name, value):
        sessions = Session.objects.all()
        if value.start:
            sessions = sessions.filter(start__date__gte=value.start)
        if value.stop:
            sessions = sessions.filter(start__date__lte=value.stop)
        return queryset.filter(pk__in=sessions.values("webinar"))


class WebinarViewSet(PageListingViewSet):
    model = WebinarPage
    icon = "date"
    menu_label = _("Webinars")
    add_to_admin_menu = False
    filterset_class = WebinarFilterSet
    columns = [
        *PageListingViewSet.columns,
        Column("region_name", label=_("Region")),
    ]


class SessionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Session.Status.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), choices=REGION_CHOICES, field_name="webinar__region")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), field_name="webinar__themes"
    )
    start = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = Session
        fields = ["status", "region", "theme", "start"]


class SessionCreateView(SnippetCreateView):
    """Pre-fills the webinar when coming from the webinar's Sessions panel."""

    def get_initial(self):
        initial = super().get_initial()
        webinar = WebinarPage.objects.filter(pk=self.request.GET.get("webinar", "").strip() or None).first()
        if webinar is not None:
            initial["webinar"] = webinar.pk
            initial.setdefault("capacity", webinar.recurrence_capacity)
        return initial


class SessionEditView(SnippetEditView):
    """Saves through `session_update`: registrants hear of a new time or a cancellation."""

    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in self.form.changed_data if name in self.form.cleaned_data}
        session = session_update(session=self.object, data=data)
        log(session, "wagtail.edit", user=self.request.user, content_changed=self.form.has_changed())
        return session


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "time"
    menu_label = _("Sessions")
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    copy_view_enabled = False
    filterset_class = SessionFilterSet
    ordering = ["-start"]
    search_fields = None
    list_per_page = 50
    list_export = ["webinar", "start", "end", "status", "capacity", "confirmed_count", "replay_url"]
    list_display = [
        "webinar",
        # Sessions are mostly in the future: an absolute Paris date, not "x minutes ago".
        Column(
            "start",
            label=_("Start"),
            sort_key="start",
            accessor=lambda session: date_format(timezone.localtime(session.start), "DATETIME_FORMAT"),
        ),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        # Links to the session's registrants, waiting list and exports.
        TitleColumn(
            "confirmed_count",
            label=_("Registered"),
            sort_key="confirmed_count",
            url_name="events_registrations:session",
        ),
        Column("capacity", label=_("Capacity"), sort_key="capacity"),
    ]
    panels = [
        FieldPanel("webinar"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
        FieldPanel("status"),
        FieldPanel("join_url"),
        FieldPanel("replay_url"),
    ]

    def get_queryset(self, request):
        return Session.objects.with_seats().select_related("webinar")


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug", "sort_order"]
    search_fields = None


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "group"
    menu_label = _("Communities")
    list_display = ["name", "slug", "sort_order"]
    search_fields = None


class OrganiserViewSet(SnippetViewSet):
    model = Organiser
    icon = "user"
    menu_label = _("Organisers")
    list_display = ["name", "type", "website"]
    list_filter = ["type"]


class ProgrammeViewSetGroup(ViewSetGroup):
    menu_label = _("Programme")
    menu_icon = "date"
    menu_order = 200
    items = (WebinarViewSet("webinars"), SessionViewSet, ThemeViewSet, CommunityViewSet, OrganiserViewSet)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeViewSetGroup()


# --- Refuse deleting what people registered for -----------------------------------


def _refuse(request, message, fallback):
    messages.error(request, message)
    return redirect(request.headers.get("referer") or fallback)


@hooks.register("before_delete_snippet")
def refuse_deleting_sessions_with_registrations(request, instances):
    sessions = [obj for obj in instances if isinstance(obj, Session)]
    if not sessions:
        return None
    booked = Registration.objects.filter(session__in=sessions).values("session").distinct().count()
    if booked:
        message = ngettext(
            "This session has registrations: it cannot be deleted. Cancel it instead (status « Cancelled »): "
            "its registrants will be told.",
            "%(count)d of these sessions have registrations: they cannot be deleted. Cancel them instead "
            "(status « Cancelled »): their registrants will be told.",
            booked,
        ) % {"count": booked}
        return _refuse(request, message, reverse(Session.snippet_viewset.get_url_name("list")))
    return None


def _webinar_sessions_below(pages):
    """Sessions of the webinars among these pages and their descendants."""
    query = Q(pk__in=[])
    for page in pages:
        query |= Q(path__startswith=page.path)
    webinars = WebinarPage.objects.filter(query)
    return Session.objects.filter(webinar__in=webinars)


def _guard_page_deletion(request, pages):
    sessions = _webinar_sessions_below(pages)
    if Registration.objects.filter(session__in=sessions).exists():
        return _refuse(
            request,
            _(
                "People registered for sessions of this webinar: it cannot be deleted. Cancel its sessions "
                "(status « Cancelled ») and unpublish it instead."
            ),
            reverse("wagtailadmin_explore", args=[pages[0].get_parent().pk]) if pages[0].depth > 1 else "/admin/",
        )
    if request.method == "POST":
        # Sessions protect their webinar from deletion; without registrations they may go with it.
        sessions.delete()
    return None


@hooks.register("before_delete_page")
def refuse_deleting_webinars_with_registrations(request, page):
    return _guard_page_deletion(request, [page])


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_webinars_with_registrations(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    return _guard_page_deletion(request, list(objects))


# --- Registrations ---

registration_admin_urls = [
    path("", registration_admin_views.index, name="index"),
    path("<int:session_pk>/", registration_admin_views.session_registrants, name="session"),
    path("<int:session_pk>/export.<str:fmt>", registration_admin_views.export, name="export"),
    path("<int:session_pk>/message/", registration_admin_views.message, name="message"),
    path("<int:session_pk>/promote/", registration_admin_views.promote, name="promote"),
]


@hooks.register("register_admin_urls")
def register_registration_admin_urls():
    return [path("inscriptions/", include((registration_admin_urls, "events_registrations")))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return registration_admin_views.can_view(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Registrations"), reverse("events_registrations:index"), icon_name="group", order=210
    )
