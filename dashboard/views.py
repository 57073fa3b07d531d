"""Report pages of the staff dashboard (Wagtail's ReportView: filters, table, CSV and XLSX export).

Each report turns `figures` rows into a table; aggregated reports add a
server-drawn chart above the same table.
"""

import django_filters
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from dashboard import charts, figures
from events.exports import neutralise
from events.filters import NATIONAL
from events.geo import REGION_CHOICES
from events.models import Session

# Who may read the figures: DNS editors and moderators (granted in home/groups.py).
VIEW_PERMISSION = "events.view_session"


class ReportFilterSet(WagtailFilterSet):
    period = django_filters.DateFromToRangeFilter(label=_("Period"), method="keep", widget=DateRangePickerWidget)
    region = django_filters.ChoiceFilter(
        label=_("Webinar region"),
        choices=[(NATIONAL, _("National webinars")), *REGION_CHOICES],
        method="keep",
    )

    def keep(self, queryset, name, value):
        # The figures read the cleaned values through `DashboardReportView.scope`.
        return queryset


class GranularityFilterSet(ReportFilterSet):
    granularity = django_filters.ChoiceFilter(
        label=_("Grouped by"),
        choices=[(key, label) for key, (_trunc, label) in figures.GRANULARITIES.items()],
        method="keep",
        empty_label=_("Week"),
    )


class DashboardReportView(ReportView):
    filterset_class = ReportFilterSet
    header_icon = "table"
    paginate_by = None
    results_template_name = "dashboard/report_results.html"
    url_name = ""
    chart_title = ""

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_index_url(self):
        from django.urls import reverse

        return reverse(f"dashboard:{self.url_name}")

    def get_index_results_url(self):
        from django.urls import reverse

        return reverse(f"dashboard:{self.url_name}_results")

    @cached_property
    def scope(self):
        data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        period = data.get("period")
        return figures.Scope(
            date_from=period.start if period else None,
            date_to=period.stop if period else None,
            region=data.get("region") or "",
        )

    def get_filterset_kwargs(self):
        # The filter set only validates the scope; it never filters a queryset itself.
        return {**super().get_filterset_kwargs(), "queryset": Session.objects.none()}

    def get_queryset(self):
        return self.rows()

    def filter_queryset(self, queryset):
        return queryset  # the scope is applied inside `rows()`

    def get_filename(self):
        return f"{self.url_name.replace('_', '-')}-{timezone.localdate():%Y-%m-%d}"

    def write_csv_row(self, writer, row_dict):
        # Wagtail neutralises formula cells in XLSX only; do it for CSV too.
        return super().write_csv_row(writer, {k: neutralise(v) for k, v in row_dict.items()})

    def chart(self, rows):
        return None

    def summary(self, rows):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        context["chart"] = self.chart(rows) if rows else None
        context["chart_id"] = f"chart-{self.url_name}"
        context["chart_title"] = self.chart_title
        context["chart_desc"] = _("Bar chart; each bar is a row of the table below.")
        context["summary"] = self.summary(rows)
        context["export_query"] = self.request.GET.urlencode()
        return context


def _paris(value):
    return timezone.localtime(value, figures.PARIS).replace(tzinfo=None)


def _percent(value):
    return "" if value is None else f"{number_format(value, decimal_pos=1)} %"


class UpcomingSessionsReport(DashboardReportView):
    page_title = _("Upcoming sessions: fill rate and waiting list")
    url_name = "upcoming_sessions"
    paginate_by = 100
    list_export = ["webinar", "start", "region", "capacity", "confirmed", "fill_rate", "waitlisted"]
    export_headings = {
        "webinar": _("Webinar"),
        "start": _("Start (Paris)"),
        "region": _("Region"),
        "capacity": _("Capacity"),
        "confirmed": _("Confirmed registrants"),
        "fill_rate": _("Fill rate (%)"),
        "waitlisted": _("Waiting list"),
    }
    columns = [
        Column("webinar", label=_("Webinar")),
        Column("start_display", label=_("Start (Paris)")),
        Column("region", label=_("Region")),
        Column("capacity", label=_("Capacity")),
        Column("confirmed", label=_("Confirmed registrants")),
        Column("fill_rate_display", label=_("Fill rate")),
        Column("waitlisted", label=_("Waiting list")),
    ]

    def rows(self):
        return [
            {
                "webinar": s.webinar.title,
                "start": _paris(s.start),
                "start_display": date_format(_paris(s.start), "SHORT_DATETIME_FORMAT"),
                "region": figures.region_label(s.webinar.region or NATIONAL),
                "capacity": s.capacity,
                "confirmed": s.confirmed,
                "fill_rate": figures.rate(s.confirmed, s.capacity),
                "fill_rate_display": _percent(figures.rate(s.confirmed, s.capacity)),
                "waitlisted": s.waitlisted,
            }
            for s in figures.upcoming_sessions(self.scope)
        ]

    def summary(self, rows):
        totals = figures.upcoming_summary(self.scope)
        return [
            (_("Upcoming sessions"), totals["sessions"]),
            (_("Seats"), totals["capacity"]),
            (_("Confirmed registrants"), totals["confirmed"]),
            (_("Fill rate"), _percent(totals["fill_rate"]) or "—"),
            (_("On waiting lists"), totals["waitlisted"]),
        ]


class RegistrationsOverTimeReport(DashboardReportView):
    page_title = _("Registrations over time")
    chart_title = _("New registrations per period")
    url_name = "registrations_over_time"
    filterset_class = GranularityFilterSet
    list_export = ["period", "registrations", "cumulative"]
    export_headings = {
        "period": _("Period starting"),
        "registrations": _("New registrations"),
        "cumulative": _("Cumulative"),
    }
    columns = [
        Column("period_display", label=_("Period starting")),
        Column("registrations", label=_("New registrations")),
        Column("cumulative", label=_("Cumulative")),
    ]

    @cached_property
    def granularity(self):
        data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        return data.get("granularity") or "week"

    def rows(self):
        rows = figures.registrations_over_time(self.scope, self.granularity)
        fmt = "F Y" if self.granularity == "month" else "SHORT_DATE_FORMAT"
        for row in rows:
            row["period_display"] = date_format(row["period"], fmt)
        return rows

    def chart(self, rows):
        return charts.columns(rows, label_key="period_display", value_key="registrations")


class RegistrationsByReport(DashboardReportView):
    dimension = ""
    list_export = ["label", "registrations", "share"]
    export_headings = {"registrations": _("Registrations"), "share": _("Share (%)")}
    columns = [
        Column("label", label=_("Name")),
        Column("registrations", label=_("Registrations")),
        Column("share_display", label=_("Share")),
    ]

    def rows(self):
        rows = figures.registrations_by(self.scope, self.dimension)
        for row in rows:
            row["label"] = str(row["label"])
            row["share_display"] = _percent(row["share"])
        return rows

    def chart(self, rows):
        return charts.horizontal_bars(rows, label_key="label", value_key="registrations")


class RegistrationsByRegionReport(RegistrationsByReport):
    page_title = _("Registrations by region of the registrant")
    chart_title = _("Registrations by region")
    url_name = "registrations_by_region"
    dimension = "region"
    export_headings = {**RegistrationsByReport.export_headings, "label": _("Region")}


class RegistrationsByDepartmentReport(RegistrationsByReport):
    page_title = _("Registrations by department of the registrant")
    chart_title = _("Registrations by department")
    url_name = "registrations_by_department"
    dimension = "department"
    export_headings = {**RegistrationsByReport.export_headings, "label": _("Department")}


class RegistrationsByCommunityReport(RegistrationsByReport):
    page_title = _("Registrations by community")
    chart_title = _("Registrations by community")
    url_name = "registrations_by_community"
    dimension = "community"
    export_headings = {**RegistrationsByReport.export_headings, "label": _("Community")}


class AttendanceReport(DashboardReportView):
    page_title = _("Attendance at past sessions")
    url_name = "attendance"
    paginate_by = 100
    list_export = ["webinar", "start", "region", "confirmed", "marked", "present", "attendance_rate"]
    export_headings = {
        "webinar": _("Webinar"),
        "start": _("Start (Paris)"),
        "region": _("Region"),
        "confirmed": _("Confirmed registrants"),
        "marked": _("Attendance marked"),
        "present": _("Present"),
        "attendance_rate": _("Attendance rate (%)"),
    }
    columns = [
        Column("webinar", label=_("Webinar")),
        Column("start_display", label=_("Start (Paris)")),
        Column("region", label=_("Region")),
        Column("confirmed", label=_("Confirmed registrants")),
        Column("marked", label=_("Attendance marked")),
        Column("present", label=_("Present")),
        Column("attendance_rate_display", label=_("Attendance rate")),
    ]

    def rows(self):
        rows = []
        for s in figures.past_sessions_attendance(self.scope):
            attendance = figures.rate(s.present, s.confirmed) if s.marked else None
            rows.append(
                {
                    "webinar": s.webinar.title,
                    "start": _paris(s.start),
                    "start_display": date_format(_paris(s.start), "SHORT_DATETIME_FORMAT"),
                    "region": figures.region_label(s.webinar.region or NATIONAL),
                    "confirmed": s.confirmed,
                    "marked": s.marked,
                    "present": s.present,
                    "attendance_rate": attendance,
                    "attendance_rate_display": _percent(attendance) or _("not marked"),
                }
            )
        return rows

    def summary(self, rows):
        totals = figures.attendance_summary(self.scope)
        return [
            (_("Sessions with attendance marked"), totals["sessions"]),
            (_("Confirmed registrants"), totals["confirmed"]),
            (_("Present"), totals["present"]),
            (_("Attendance rate"), _percent(totals["attendance_rate"]) or "—"),
        ]


class WebinarsByOrganiserTypeReport(DashboardReportView):
    page_title = _("Webinars by organiser type")
    chart_title = _("Webinars by organiser type")
    url_name = "webinars_by_organiser_type"
    list_export = ["label", "webinars", "sessions"]
    export_headings = {"label": _("Organiser type"), "webinars": _("Webinars"), "sessions": _("Sessions")}
    columns = [
        Column("label", label=_("Organiser type")),
        Column("webinars", label=_("Webinars")),
        Column("sessions", label=_("Sessions")),
    ]

    def rows(self):
        rows = figures.webinars_by_organiser_type(self.scope)
        for row in rows:
            row["label"] = str(row["label"])
        return rows

    def chart(self, rows):
        return charts.horizontal_bars(rows, label_key="label", value_key="webinars")


REPORTS = [
    UpcomingSessionsReport,
    RegistrationsOverTimeReport,
    RegistrationsByRegionReport,
    RegistrationsByDepartmentReport,
    RegistrationsByCommunityReport,
    AttendanceReport,
    WebinarsByOrganiserTypeReport,
]
