"""Public proposal pages (served by OrganiserPage routes) and the organiser space (/espace-organisateur/).

Access to a webinar's sessions goes through events' `can_view` / `can_manage`,
the same checks as the staff registrants admin: a signed-in person who does not
run the webinar gets a 404, exactly as for an id that does not exist.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from events import exports
from events.admin_views import can_manage, can_view
from events.models import Registration, Session, WebinarPage

from . import services
from .forms import (
    EmailSigninForm,
    InviteForm,
    MessageForm,
    OrganiserPasswordResetForm,
    PasswordSigninForm,
    ProposalForm,
    ProposedDateFormSet,
    ReplyForm,
    SessionChangeForm,
)
from .models import Proposal

# An unconfirmed proposal's link works this long; then the proposal must be sent again.
CONFIRM_MAX_AGE = timedelta(days=7)
LOGIN_URL = reverse_lazy("organisers:signin")


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _rate_limited(request, group, rate):
    return is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=True)


# --- Public: propose ------------------------------------------------------------


def propose(request, page):
    form = ProposalForm(request.POST or None)
    dates = ProposedDateFormSet(request.POST or None, prefix="dates")
    status = 200
    if request.method == "POST":
        if _rate_limited(request, "organisers.propose", settings.PROPOSAL_RATE_LIMIT):
            return render(request, "429.html", status=429)
        if form.is_spam():
            # Robots get the same answer as people; nothing is recorded, nothing is sent.
            return redirect(page.url + page.reverse_subpage("thanks"))
        if form.is_valid() and dates.is_valid():
            services.proposal_submit(
                data=form.proposal_data(),
                dates=dates.dates(),
                confirm_url_for=lambda p: page.url + page.reverse_subpage("confirm", args=[p.confirm_token]),
                language=get_language() or "fr",
            )
            return redirect(page.url + page.reverse_subpage("thanks"))
        status = 400
    context = page.get_context(request)
    context.update(form=form, dates_formset=dates)
    return render(request, "organisers/organiser_page.html", context, status=status)


def proposal_thanks(request, page):
    context = page.get_context(request)
    return render(request, "organisers/proposal_thanks.html", context)


@never_cache
def proposal_confirm_view(request, page, token):
    """A GET shows a button; the POST confirms (mail scanners that open links confirm nothing)."""
    proposal = Proposal.objects.filter(confirm_token=token).first() if len(token) < 100 else None
    context = page.get_context(request)
    if proposal is None:
        return _private(render(request, "organisers/proposal_confirm.html", {**context, "invalid": True}, status=404))
    expired = proposal.status == Proposal.Status.UNCONFIRMED and proposal.created_at < timezone.now() - CONFIRM_MAX_AGE
    if expired:
        return _private(render(request, "organisers/proposal_confirm.html", {**context, "expired": True}, status=410))
    confirmed = proposal.status != Proposal.Status.UNCONFIRMED
    if request.method == "POST" and not confirmed:
        services.proposal_confirm(proposal=proposal)
        confirmed = True
    context.update(proposal=proposal, confirmed=confirmed)
    return _private(render(request, "organisers/proposal_confirm.html", context))


# --- Sign-in ------------------------------------------------------------------------


@never_cache
def signin(request):
    """Ask for a one-time link by email; the answer never says whether the address is known."""
    if request.user.is_authenticated:
        return redirect("organisers:home")
    form = EmailSigninForm(request.POST or None)
    sent = False
    if request.method == "POST":
        if _rate_limited(request, "organisers.signin", settings.SIGNIN_RATE_LIMIT):
            return render(request, "429.html", status=429)
        if form.is_spam():
            sent = True
        elif form.is_valid():
            services.signin_link_send(email=form.cleaned_data["email"], language=get_language() or "fr")
            sent = True
    context = {"form": form, "sent": sent, "password_form": PasswordSigninForm(request)}
    return _private(render(request, "organisers/signin.html", context, status=400 if form.errors else 200))


@never_cache
def signin_link(request, token):
    user = services.signin_user_from_token(token)
    if user is None:
        return _private(render(request, "organisers/signin_invalid.html", status=410))
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("organisers:home")
    return _private(render(request, "organisers/signin_link.html", {"link_user": user}))


@method_decorator(
    ratelimit(key="ip", rate=lambda group, request: settings.SIGNIN_RATE_LIMIT, method="POST", block=True),
    name="post",
)
class PasswordSigninView(auth_views.LoginView):
    template_name = "organisers/signin_password.html"
    authentication_form = PasswordSigninForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("organisers:home")


@require_POST
def signout(request):
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("organisers:signin")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "organisers/password_reset.html"
    form_class = OrganiserPasswordResetForm
    success_url = reverse_lazy("organisers:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "organisers/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "organisers/password_reset_confirm.html"
    success_url = reverse_lazy("organisers:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "organisers/password_reset_complete.html"


@never_cache
@login_required(login_url=LOGIN_URL)
def password_set(request):
    form = SetPasswordForm(request.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "fr-input"
    if request.method == "POST" and form.is_valid():
        form.save()
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password is saved."))
        return redirect("organisers:home")
    return render(request, "organisers/password_set.html", {"form": form}, status=400 if form.errors else 200)


# --- The space ------------------------------------------------------------------------


def _webinar_or_404(request, pk, *, manage=False):
    webinar = get_object_or_404(WebinarPage, pk=pk)
    probe = Session(webinar=webinar)
    if not can_view(request.user, probe) or (manage and not can_manage(request.user, probe)):
        raise Http404
    return webinar


def _session_or_404(request, pk, *, manage=False):
    session = get_object_or_404(Session.objects.select_related("webinar"), pk=pk)
    if not can_view(request.user, session) or (manage and not can_manage(request.user, session)):
        raise Http404
    return session


@never_cache
@login_required(login_url=LOGIN_URL)
def home(request):
    proposals = Proposal.objects.confirmed().for_user(request.user).select_related("webinar")
    webinars = (
        services.webinars_for(request.user)
        .filter(pk__in=services.webinars_for(request.user).values("pk"))
        .order_by("-pk")
    )
    if request.user.has_perm("events.view_registration"):
        webinars = webinars.filter(pk__in=Proposal.objects.filter(webinar__isnull=False).values("webinar"))
    sessions = (
        Session.objects.filter(webinar__in=webinars).with_seats().order_by("start")
        if webinars
        else Session.objects.none()
    )
    by_webinar = {}
    for session in sessions:
        by_webinar.setdefault(session.webinar_id, []).append(session)
    context = {
        "proposals": proposals,
        "webinars": [(webinar, by_webinar.get(webinar.pk, [])) for webinar in webinars],
        "has_password": request.user.has_usable_password(),
    }
    return _private(render(request, "organisers/space_home.html", context))


@never_cache
@login_required(login_url=LOGIN_URL)
def proposal_detail(request, pk):
    proposal = get_object_or_404(Proposal.objects.confirmed().for_user(request.user), pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if proposal.status != Proposal.Status.CHANGES_REQUESTED:
            messages.error(request, _("This proposal is not waiting for your answer."))
            return redirect("organisers:proposal", proposal.pk)
        if form.is_valid():
            services.proposal_reply(proposal=proposal, user=request.user, message=form.cleaned_data["message"])
            messages.success(request, _("Your answer has been sent to the team."))
            return redirect("organisers:proposal", proposal.pk)
    context = {"proposal": proposal, "history": proposal.events.select_related("actor"), "form": form}
    return _private(render(request, "organisers/space_proposal.html", context, status=400 if form.errors else 200))


@never_cache
@login_required(login_url=LOGIN_URL)
def webinar_detail(request, pk):
    webinar = _webinar_or_404(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        _webinar_or_404(request, pk, manage=True)
        if form.is_valid():
            services.colleague_invite(webinar=webinar, email=form.cleaned_data["email"], invited_by=request.user)
            messages.success(request, _("Your colleague has been invited: they will receive a sign-in link by email."))
            return redirect("organisers:webinar", webinar.pk)
    from organisers.models import WebinarAccess

    context = {
        "webinar": webinar,
        "sessions": webinar.sessions.with_seats().order_by("start"),
        "team": WebinarAccess.objects.filter(webinar=webinar).select_related("user").order_by("created_at"),
        "form": form,
        "kit_url": settings.REGISTRATION_KIT_URL,
    }
    return _private(render(request, "organisers/space_webinar.html", context, status=400 if form.errors else 200))


@never_cache
@login_required(login_url=LOGIN_URL)
def session_registrants(request, pk):
    session = _session_or_404(request, pk)
    registrations = session.registrations.select_related("community")
    manage = can_manage(request.user, session)
    if request.method == "POST":
        if not manage:
            raise Http404
        present = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
        confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
        confirmed.filter(pk__in=present).update(attended=True, updated_at=timezone.now())
        confirmed.exclude(pk__in=present).update(attended=False, updated_at=timezone.now())
        messages.success(request, _("Attendance saved."))
        return redirect("organisers:session", session.pk)
    context = {
        "session": session,
        "webinar": session.webinar,
        "confirmed": registrations.filter(status=Registration.Status.CONFIRMED).order_by("last_name", "first_name"),
        "waitlist": registrations.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk"),
        "cancelled_count": registrations.filter(status=Registration.Status.CANCELLED).count(),
        "can_manage": manage,
        "attendance_open": session.start <= timezone.now(),
    }
    return _private(render(request, "organisers/space_session.html", context))


@never_cache
@login_required(login_url=LOGIN_URL)
def session_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    session = _session_or_404(request, pk)
    response = exports.xlsx_response(session) if fmt == "xlsx" else exports.csv_response(session)
    return _private(response)


@never_cache
@login_required(login_url=LOGIN_URL)
def session_message(request, pk):
    session = _session_or_404(request, pk, manage=True)
    form = MessageForm(request.POST or None, initial={"batch": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        count = services.organiser_message(
            session=session,
            user=request.user,
            subject=data["subject"],
            body=data["body"],
            include_waitlist=data["include_waitlist"],
            batch=data["batch"],
        )
        messages.success(
            request,
            ngettext(
                "%(count)d message queued; a copy was sent to you.",
                "%(count)d messages queued; a copy was sent to you.",
                count,
            )
            % {"count": count},
        )
        return redirect("organisers:session", session.pk)
    context = {"session": session, "webinar": session.webinar, "form": form}
    return _private(render(request, "organisers/space_message.html", context, status=400 if form.errors else 200))


@never_cache
@login_required(login_url=LOGIN_URL)
def session_change(request, pk):
    session = _session_or_404(request, pk, manage=True)
    if session.is_past or session.status == Session.Status.CANCELLED:
        messages.error(request, _("This session can no longer be changed."))
        return redirect("organisers:session", session.pk)
    form = SessionChangeForm(request.POST or None, initial=SessionChangeForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request_row = services.session_change(
            session=session, user=request.user, start=data["start"], end=data["end"], capacity=data["capacity"]
        )
        if request_row is None:
            messages.success(request, _("The session is updated; its registrants receive the updated invitation."))
        else:
            messages.success(request, _("Your change has been sent to the team, who will apply it."))
        return redirect("organisers:session", session.pk)
    review = settings.ORGANISER_SESSION_CHANGES == "review"
    context = {"session": session, "webinar": session.webinar, "form": form, "review": review}
    return _private(render(request, "organisers/space_change.html", context, status=400 if form.errors else 200))
