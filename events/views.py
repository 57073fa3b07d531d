"""Public registration pages: register, what happens next, the personal page.

The personal page is reached only through the signed link sent by email; it
is the one public place where the join link appears.
"""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from pagecache.csrf import origin_protect

from . import services
from .calendar import invitation_ics
from .forms import MoveForm, RegistrationForm
from .models import Registration, Session

DONE_SALT = "events.registration.done"
DONE_MAX_AGE = 3600


def _private(response):
    # Personal pages: never cached, never indexed, the token never leaves the site in a
    # Referer. ("no-referrer" would also blank the Origin of our own forms: CSRF fails.)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _session_or_404(session_pk):
    return get_object_or_404(
        Session.objects.select_related("webinar").filter(webinar__live=True).with_seats(), pk=session_pk
    )


def _email_key(group, request):
    """Rate-limit key: the address being registered, whichever client sends it."""
    return request.POST.get("email", "").strip().lower()[:254] or "-"


# The form sits on cached webinar pages, which carry no CSRF cookie: the browser's
# own Origin / Sec-Fetch-Site headers protect it instead (pagecache.csrf).
@origin_protect
@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda group, request: settings.REGISTRATION_RATE_LIMIT, method="POST", block=True)
@ratelimit(
    key=_email_key,
    rate=lambda group, request: settings.REGISTRATION_EMAIL_RATE_LIMIT,
    method="POST",
    block=True,
    group="registration-email",
)
def register(request, session_pk):
    session = _session_or_404(session_pk)
    status = 200
    error = None
    if request.method == "POST":
        form = RegistrationForm(request.POST, session=session)
        if form.is_valid():
            try:
                registration, created = services.registration_create(
                    session=session, data=form.cleaned_data, language=get_language()
                )
            except services.RegistrationError as exc:
                error, status = exc.message, 409
            else:
                return redirect(_done_url(session, registration, created))
        else:
            status = 400
    else:
        form = RegistrationForm(session=session)
    context = {"session": session, "webinar": session.webinar, "form": form, "error": error}
    return render(request, "events/registration/register.html", context, status=status)


def _done_url(session, registration, created):
    """What the next page shows is what a new registration would get, whoever asked:
    nobody can learn from it whether an address was already registered."""
    if created:
        outcome = registration.status
        position = registration.waitlist_position()
    else:
        seats_left = session.capacity - session.registrations.confirmed().count()
        waiting = session.registrations.waitlisted().count()
        if seats_left > 0 and not waiting:
            outcome, position = Registration.Status.CONFIRMED, None
        else:
            # A new address would join the end of the line; so does the page (the email tells the truth).
            outcome, position = Registration.Status.WAITLISTED, waiting + 1
    token = signing.dumps({"s": session.pk, "o": outcome, "p": position}, salt=DONE_SALT, compress=True)
    return f"{reverse('events:registration_done')}?r={token}"


@never_cache
def registration_done(request):
    try:
        data = signing.loads(request.GET.get("r", ""), salt=DONE_SALT, max_age=DONE_MAX_AGE)
    except signing.BadSignature:
        data = {}
    session = None
    if data.get("s"):
        session = Session.objects.select_related("webinar").filter(pk=data["s"]).first()
    context = {
        "session": session,
        "webinar": session.webinar if session else None,
        "outcome": data.get("o"),
        "position": data.get("p"),
    }
    return render(request, "events/registration/done.html", context)


def _registration_or_error(request, token):
    registration = Registration.objects.from_token(token)
    if registration is None:
        response = render(request, "events/registration/link_invalid.html", status=404)
        return None, _private(response)
    if registration.link_expired:
        response = render(request, "events/registration/link_invalid.html", {"expired": True}, status=410)
        return None, _private(response)
    return registration, None


def _move_targets(registration):
    if registration.is_cancelled or services.closed_reason(registration.session) == "past":
        return []
    return list(services.move_targets(registration))


def _manage_context(registration, **extra):
    targets = _move_targets(registration)
    return {
        "registration": registration,
        "session": registration.session,
        "webinar": registration.session.webinar,
        "token": registration.personal_token(),
        "position": registration.waitlist_position(),
        "closed_reason": services.closed_reason(registration.session),
        "move_targets": targets,
        "move_form": extra.pop("move_form", None) or MoveForm(targets=targets),
        **extra,
    }


@never_cache
def registration_manage(request, token):
    registration, error_response = _registration_or_error(request, token)
    if error_response:
        return error_response
    return _private(render(request, "events/registration/manage.html", _manage_context(registration)))


@never_cache
def registration_ics(request, token):
    registration, error_response = _registration_or_error(request, token)
    if error_response:
        return error_response
    session = registration.session
    if registration.is_waitlisted:
        raise Http404("No invitation while on the waiting list.")
    # A postponed slot is not happening: its file cancels it until the new date is set.
    cancel = registration.is_cancelled or session.status in (Session.Status.CANCELLED, Session.Status.POSTPONED)
    ics = invitation_ics(session, email=registration.email, name=registration.full_name, cancel=cancel)
    method = "CANCEL" if cancel else "REQUEST"
    response = HttpResponse(ics, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = 'attachment; filename="invitation.ics"'
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    registration, error_response = _registration_or_error(request, token)
    if error_response:
        return error_response
    manage_url = reverse("events:registration_manage", args=[token])
    if registration.is_cancelled:
        return redirect(manage_url)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled. A confirmation has been sent to you by email."))
        return redirect(manage_url)
    context = {"registration": registration, "session": registration.session, "webinar": registration.session.webinar}
    context["token"] = token
    return _private(render(request, "events/registration/cancel.html", context))


@never_cache
@require_POST
def registration_move(request, token):
    registration, error_response = _registration_or_error(request, token)
    if error_response:
        return error_response
    manage_url = reverse("events:registration_manage", args=[token])
    targets = _move_targets(registration)
    form = MoveForm(request.POST, targets=targets)
    if form.is_valid():
        try:
            services.registration_move(registration=registration, to_session=form.cleaned_data["session"])
        except services.RegistrationError as exc:
            form.add_error("session", exc.message)
        else:
            messages.success(
                request, _("Your registration has been moved. The new invitation has been sent to you by email.")
            )
            return redirect(manage_url)
    registration.refresh_from_db()
    context = _manage_context(registration, move_form=form)
    return _private(render(request, "events/registration/manage.html", context, status=400))
