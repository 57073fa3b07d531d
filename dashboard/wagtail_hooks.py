"""The staff dashboard in the Wagtail admin: a panel on the admin home and the report pages."""

import datetime

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from dashboard import admin_urls, charts, figures
from dashboard.views import REPORTS, VIEW_PERMISSION

# How far back the admin home's registration chart looks.
HOME_WEEKS = 12


class DashboardPanel(Component):
    name = "campaign_figures"
    template_name = "dashboard/home_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        everything = figures.Scope()
        recent = figures.Scope(date_from=today - datetime.timedelta(weeks=HOME_WEEKS))
        weekly = figures.registrations_over_time(recent, "week")
        for row in weekly:
            row["period_display"] = date_format(row["period"], "SHORT_DATE_FORMAT")
        context.update(
            {
                "upcoming": figures.upcoming_summary(everything),
                "attendance": figures.attendance_summary(everything),
                "weekly": weekly,
                "chart": charts.columns(weekly, label_key="period_display", value_key="registrations")
                if weekly
                else None,
                "chart_id": "chart-home-weekly",
                "chart_title": _("New registrations per week, last %(weeks)s weeks") % {"weeks": HOME_WEEKS},
                "chart_desc": _("Column chart; each column is a week of the table beside it."),
                "reports": [(r.page_title, reverse(f"dashboard:{r.url_name}")) for r in REPORTS],
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if request.user.has_perm(VIEW_PERMISSION):
        panels.append(DashboardPanel())


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("tableau-de-bord/", include(admin_urls, namespace="dashboard"))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


def _report_menu_item(report, order):
    @hooks.register("register_reports_menu_item")
    def register():
        return ReportMenuItem(
            report.page_title, reverse(f"dashboard:{report.url_name}"), icon_name="table", order=order
        )

    return register


for _order, _report in enumerate(REPORTS):
    _report_menu_item(_report, 50 + _order)


@hooks.register("insert_global_admin_css")
def dashboard_css():
    return format_html('<link rel="stylesheet" href="{}">', static("dashboard/dashboard.css"))
