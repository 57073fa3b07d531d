"""The staff dashboard's figures, computed from known rows (every report and panel reads them here).

Definitions, stated once:
- a *registration* is a sign-up that is not cancelled (confirmed or on the waiting list);
- *fill rate* = confirmed seats / capacity;
- *attendance rate* = registrants marked present / confirmed registrants, over past sessions
  whose attendance was marked (at least one registrant marked present or absent);
- the *period* keeps sessions starting in it (registrations over time: the sign-up date);
- the *region filter* is the webinar's region (`national` for national webinars); breakdowns by
  region, department and community are those the registrants declared.
Each function runs a fixed number of grouped queries, whatever the volume.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.filters import NATIONAL
from events.geo import DEPARTMENT_BY_CODE, REGION_BY_CODE, REGIONS
from events.models import Community, OrganiserType, Registration, Session, WebinarPage

PARIS = ZoneInfo("Europe/Paris")
UNKNOWN = _("Not given")


@dataclass(frozen=True)
class Scope:
    """Period (Paris days, both included) and webinar region shared by every report."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    region: str = ""

    def between(self, field):
        q = Q()
        if self.date_from:
            q &= Q(**{f"{field}__gte": datetime.datetime.combine(self.date_from, datetime.time.min, PARIS)})
        if self.date_to:
            end = datetime.datetime.combine(self.date_to + datetime.timedelta(days=1), datetime.time.min, PARIS)
            q &= Q(**{f"{field}__lt": end})
        return q

    def in_region(self, webinar_path):
        if not self.region:
            return Q()
        return Q(**{f"{webinar_path}region": "" if self.region == NATIONAL else self.region})


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def _sessions(scope):
    return Session.objects.filter(webinar__live=True).filter(scope.in_region("webinar__"))


def _registrations(scope):
    return (
        Registration.objects.active().filter(session__webinar__live=True).filter(scope.in_region("session__webinar__"))
    )


# --- Sessions ------------------------------------------------------------------


def upcoming_sessions(scope, *, now=None):
    """Upcoming, not cancelled sessions with `confirmed`, `waitlisted`, `fill_rate` (queryset, by date)."""
    now = now or timezone.now()
    sessions = (
        _sessions(scope)
        .filter(end__gte=now)
        .not_cancelled()
        .filter(scope.between("start"))
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waitlisted=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
        .select_related("webinar")
        .order_by("start", "pk")
    )
    return sessions


def upcoming_summary(scope, *, now=None):
    now = now or timezone.now()
    base = _sessions(scope).filter(end__gte=now).not_cancelled().filter(scope.between("start"))
    totals = base.aggregate(sessions=Count("pk"), capacity=Sum("capacity"))
    counts = Registration.objects.filter(session__in=base).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    capacity = totals["capacity"] or 0
    return {
        "sessions": totals["sessions"],
        "capacity": capacity,
        "confirmed": counts["confirmed"],
        "waitlisted": counts["waitlisted"],
        "fill_rate": rate(counts["confirmed"], capacity),
    }


# --- Registrations ---------------------------------------------------------------

GRANULARITIES = {
    "day": (TruncDay, _("Day")),
    "week": (TruncWeek, _("Week")),
    "month": (TruncMonth, _("Month")),
}


def registrations_over_time(scope, granularity="week"):
    """[{"period": date, "registrations": n, "cumulative": n}] by sign-up date (Paris), oldest first."""
    trunc = GRANULARITIES[granularity][0]
    rows = (
        _registrations(scope)
        .filter(scope.between("created_at"))
        .annotate(period=trunc("created_at", tzinfo=PARIS))
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .order_by("period")
    )
    cumulative = 0
    result = []
    for row in rows:
        cumulative += row["n"]
        period = row["period"]
        if isinstance(period, datetime.datetime):
            period = timezone.localtime(period, PARIS).date() if timezone.is_aware(period) else period.date()
        result.append({"period": period, "registrations": row["n"], "cumulative": cumulative})
    return result


def _breakdown(counts, labels, total):
    rows = [
        {"key": key, "label": labels.get(key, UNKNOWN) if key else UNKNOWN, "registrations": n, "share": rate(n, total)}
        for key, n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["registrations"], str(r["label"])))


def registrations_by(scope, dimension):
    """Registrations grouped by the registrant's `region`, `department` or `community`, largest first."""
    registrations = _registrations(scope).filter(scope.between("session__start"))
    if dimension == "community":
        counts = dict(registrations.order_by().values_list("community").annotate(n=Count("pk")))
        labels = dict(Community.objects.values_list("pk", "name"))
    else:
        by_department = dict(registrations.order_by().values_list("department").annotate(n=Count("pk")))
        if dimension == "department":
            counts = {(k if k in DEPARTMENT_BY_CODE else ""): 0 for k in by_department}
            for key, n in by_department.items():
                counts[key if key in DEPARTMENT_BY_CODE else ""] += n
            labels = {code: f"{code} – {d.name}" for code, d in DEPARTMENT_BY_CODE.items()}
        else:
            counts = {}
            for key, n in by_department.items():
                department = DEPARTMENT_BY_CODE.get(key)
                region = department.region_code if department else ""
                counts[region] = counts.get(region, 0) + n
            labels = {r.code: r.name for r in REGIONS}
    counts = {(k or ""): n for k, n in counts.items()}
    return _breakdown(counts, labels, sum(counts.values()))


# --- Attendance -----------------------------------------------------------------


def past_sessions_attendance(scope, *, now=None):
    """Past sessions (most recent first) with `confirmed`, `present`, `marked` counts."""
    now = now or timezone.now()
    return (
        _sessions(scope)
        .filter(end__lt=now)
        .not_cancelled()
        .filter(scope.between("start"))
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            present=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED, registrations__attended=True),
            ),
            marked=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED, registrations__attended__isnull=False),
            ),
        )
        .select_related("webinar")
        .order_by("-start", "-pk")
    )


def attendance_summary(scope, *, now=None):
    rows = past_sessions_attendance(scope, now=now).filter(marked__gt=0).values_list("confirmed", "present")
    confirmed = sum(r[0] for r in rows)
    present = sum(r[1] for r in rows)
    return {
        "sessions": len(rows),
        "confirmed": confirmed,
        "present": present,
        "attendance_rate": rate(present, confirmed),
    }


# --- Webinars --------------------------------------------------------------------


def webinars_by_organiser_type(scope):
    """[{"key", "label", "webinars", "sessions"}] for every organiser type (zeros included), in the choices' order.

    The period keeps the webinars with a session in it.
    """
    sessions = _sessions(scope).not_cancelled().filter(scope.between("start"))
    webinars = WebinarPage.objects.live().filter(pk__in=sessions.values("webinar"))
    webinar_counts = dict(webinars.order_by().values_list("organiser__type").annotate(n=Count("pk")))
    session_counts = dict(sessions.order_by().values_list("webinar__organiser__type").annotate(n=Count("pk")))
    rows = [
        {"key": code, "label": label, "webinars": webinar_counts.get(code, 0), "sessions": session_counts.get(code, 0)}
        for code, label in OrganiserType.choices
    ]
    if webinar_counts.get(None):
        rows.append(
            {"key": "", "label": UNKNOWN, "webinars": webinar_counts[None], "sessions": session_counts.get(None, 0)}
        )
    return rows


def region_label(code):
    if code == NATIONAL:
        return _("National webinars")
    region = REGION_BY_CODE.get(code)
    return region.name if region else ""
