"""Staff tools for registrants, in the Wagtail admin: per-session list and waiting
list, CSV/XLSX export, attendance, and one message to every registrant.

Access goes through `can_view` / `can_manage`: today staff permissions on the
Registration model; organisers of a webinar will be let in there, for their own.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks

from . import exports, services
from .forms import RegistrantsMessageForm
from .models import Registration, Session


def _webinar_access(user, session):
    """What the `events_webinar_access` hooks grant this user on the session's webinar.

    Leaf apps (organisers) register a function `(user, webinar_id) -> "manage" | "view" | None`;
    events never imports them. Staff permissions come first and need no hook.
    """
    if session is None or not user.is_authenticated:
        return None
    answers = {fn(user, session.webinar_id) for fn in hooks.get_hooks("events_webinar_access")}
    return "manage" if "manage" in answers else "view" if "view" in answers else None


def can_view(user, session=None):
    return user.has_perm("events.view_registration") or _webinar_access(user, session) is not None


def can_manage(user, session=None):
    return user.has_perm("events.change_registration") or _webinar_access(user, session) == "manage"


def _session(request, session_pk, *, manage=False):
    session = get_object_or_404(Session.objects.select_related("webinar"), pk=session_pk)
    if not can_view(request.user, session) or (manage and not can_manage(request.user, session)):
        raise PermissionDenied
    return session


def _breadcrumbs(session=None, last=None):
    items = [{"url": reverse("events_registrations:index"), "label": _("Registrations")}]
    if session is not None:
        items.append({"url": reverse("events_registrations:session", args=[session.pk]), "label": str(session)})
    if last:
        items.append({"url": "", "label": last})
    return items


def index(request):
    if not can_view(request.user):
        raise PermissionDenied
    show_past = request.GET.get("past") == "1"
    now = timezone.now()
    sessions = Session.objects.select_related("webinar").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    )
    sessions = (
        sessions.filter(end__lt=now).order_by("-start")
        if show_past
        else sessions.filter(end__gte=now).order_by("start")
    )
    page = Paginator(sessions, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "events/registration/admin_index.html",
        {
            "page_obj": page,
            "show_past": show_past,
            "header_title": _("Registrations"),
            "header_icon": "group",
            "breadcrumbs_items": _breadcrumbs(),
        },
    )


def session_registrants(request, session_pk):
    session = _session(request, session_pk)
    registrations = session.registrations.select_related("community")
    if request.method == "POST":
        if not can_manage(request.user, session):
            raise PermissionDenied
        present = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
        confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
        confirmed.filter(pk__in=present).update(attended=True, updated_at=timezone.now())
        confirmed.exclude(pk__in=present).update(attended=False, updated_at=timezone.now())
        messages.success(request, _("Attendance saved."))
        return redirect("events_registrations:session", session.pk)
    context = {
        "session": session,
        "confirmed": registrations.filter(status=Registration.Status.CONFIRMED).order_by("last_name", "first_name"),
        "waitlist": registrations.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk"),
        "cancelled_count": registrations.filter(status=Registration.Status.CANCELLED).count(),
        "can_manage": can_manage(request.user, session),
        "attendance_open": session.start <= timezone.now(),
        "header_title": str(session),
        "header_icon": "group",
        "breadcrumbs_items": _breadcrumbs(session),
    }
    return render(request, "events/registration/admin_session.html", context)


def export(request, session_pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    session = _session(request, session_pk)
    return exports.xlsx_response(session) if fmt == "xlsx" else exports.csv_response(session)


def message(request, session_pk):
    session = _session(request, session_pk, manage=True)
    if request.method == "POST":
        form = RegistrantsMessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            count = services.registrants_message(
                session=session,
                subject=data["subject"],
                body=data["body"],
                include_waitlist=data["include_waitlist"],
                batch=data["batch"],
            )
            messages.success(
                request,
                ngettext("%(count)d message queued.", "%(count)d messages queued.", count) % {"count": count},
            )
            return redirect("events_registrations:session", session.pk)
    else:
        form = RegistrantsMessageForm(initial={"batch": uuid.uuid4().hex})
    context = {
        "session": session,
        "form": form,
        "header_title": _("Write to the registrants"),
        "header_icon": "mail",
        "breadcrumbs_items": _breadcrumbs(session, _("Write to the registrants")),
    }
    return render(request, "events/registration/admin_message.html", context)


@require_POST
def promote(request, session_pk):
    """Staff push the waiting list forward after changing seats by hand."""
    session = _session(request, session_pk, manage=True)
    promoted = services.waitlist_promote(session=session)
    messages.success(
        request,
        ngettext("%(count)d person promoted.", "%(count)d people promoted.", len(promoted)) % {"count": len(promoted)},
    )
    return redirect("events_registrations:session", session.pk)
