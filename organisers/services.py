"""Workflows of organisers: propose, confirm, review, approve, accounts, access, session changes.

Every email goes through the outbox (`mailer.services.message_queue`) in the
transaction that caused it.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from wagtail.actions.publish_page_revision import PublishPagePermissionError

from events.models import Organiser, ProgrammePage, Session, WebinarPage
from events.services import session_update
from mailer.services import message_queue

from .models import Proposal, ProposalEvent, ProposedDate, SessionChangeRequest, WebinarAccess

S = Proposal.Status
# What staff may do from each status.
TRANSITIONS = {
    S.NEW: [S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.DECLINED],
    S.IN_REVIEW: [S.CHANGES_REQUESTED, S.APPROVED, S.DECLINED],
    S.CHANGES_REQUESTED: [S.IN_REVIEW, S.APPROVED, S.DECLINED],
    S.APPROVED: [],
    S.DECLINED: [S.IN_REVIEW],
    S.UNCONFIRMED: [],
}
SIGNIN_SALT = "organisers.signin"


class ReviewError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _absolute(url):
    return f"{settings.SITE_URL.rstrip('/')}{url}"


def _staff_emails():
    return settings.ORGANISER_STAFF_EMAILS or [settings.CONTACT_EMAIL]


def _log(proposal, *, from_status, to_status, actor=None, message="", actor_label=""):
    return ProposalEvent.objects.create(
        proposal=proposal,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor and actor.is_authenticated else None,
        actor_label=actor_label or (actor.get_username() if actor and actor.is_authenticated else ""),
        message=message,
    )


# --- Proposing ---------------------------------------------------------------


def proposal_submit(*, data, dates, confirm_url_for, language="fr"):
    """Record a proposal (invisible to staff) and send the confirmation link."""
    with transaction.atomic():
        themes, communities = data.pop("themes", []), data.pop("communities", [])
        proposal = Proposal.objects.create(**data, language=language)
        proposal.themes.set(themes)
        proposal.communities.set(communities)
        ProposedDate.objects.bulk_create([ProposedDate(proposal=proposal, start=s, end=e) for s, e in dates])
        _log(proposal, from_status="", to_status=S.UNCONFIRMED, actor_label=proposal.email)
        message_queue(
            to=proposal.email,
            template="proposal_confirm",
            subject=_("Confirm your webinar proposal"),
            context={"proposal": proposal, "confirm_url": _absolute(confirm_url_for(proposal))},
            language=language,
            key=f"proposal-confirm:{proposal.pk}",
        )
    return proposal


def proposal_confirm(*, proposal):
    """The author confirmed the address: staff see it, the author gets an acknowledgement, staff a notice."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != S.UNCONFIRMED:
            return proposal, False
        proposal.status = S.NEW
        proposal.confirmed_at = timezone.now()
        proposal.save(update_fields=["status", "confirmed_at", "updated_at"])
        _log(proposal, from_status=S.UNCONFIRMED, to_status=S.NEW, actor_label=proposal.email)
        message_queue(
            to=proposal.email,
            template="proposal_received",
            subject=_("We have received your webinar proposal"),
            context={"proposal": proposal},
            language=proposal.language,
            key=f"proposal-received:{proposal.pk}",
        )
        admin_url = _absolute(reverse("organisers_proposals:inspect", args=[proposal.pk]))
        for email in _staff_emails():
            message_queue(
                to=email,
                template="proposal_staff_new",
                subject=format_lazy(_("New webinar proposal: {title}"), title=proposal.title),
                context={"proposal": proposal, "admin_url": admin_url},
                key=f"proposal-staff:{proposal.pk}:{email}",
            )
    return proposal, True


# --- Review ------------------------------------------------------------------


def proposal_transition(*, proposal, to_status, actor, message="", publish=False):
    """Staff move a proposal on; the organiser is told (with the message). Approval creates the webinar."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if to_status not in TRANSITIONS.get(proposal.status, []):
            raise ReviewError(_("This action is not possible for a proposal in this status."))
        from_status = proposal.status
        proposal.status = to_status
        proposal.save(update_fields=["status", "updated_at"])
        event = _log(proposal, from_status=from_status, to_status=to_status, actor=actor, message=message)
        context = {"proposal": proposal, "message": message, "status": proposal.get_status_display()}
        if to_status == S.APPROVED:
            webinar, user = proposal_approve(proposal=proposal, actor=actor, publish=publish)
            context.update(
                webinar=webinar, signin_url=signin_url(user), space_url=_absolute(reverse("organisers:home"))
            )
        elif to_status == S.CHANGES_REQUESTED:
            context["space_url"] = _absolute(reverse("organisers:signin"))
        message_queue(
            to=proposal.email,
            template="proposal_status",
            subject=format_lazy(_("Your webinar proposal: {status}"), status=proposal.get_status_display()),
            context=context,
            language=proposal.language,
            key=f"proposal-status:{event.pk}",
        )
    return proposal


def proposal_approve(*, proposal, actor, publish):
    """The webinar page (live or draft) and its sessions, the organiser account, its access."""
    programme = ProgrammePage.objects.first()
    if programme is None:
        raise ReviewError(_("There is no programme page to add the webinar to."))
    organiser, _created = Organiser.objects.get_or_create(
        name=proposal.organisation[:200], defaults={"type": proposal.organisation_type, "contact_email": proposal.email}
    )
    slug = slugify(proposal.title)[:60] or "webinaire"
    if programme.get_children().filter(slug=slug).exists() or slug in {"passees", "session", "agenda"}:
        slug = f"{slug}-{proposal.pk}"
    region = proposal.region if proposal.scope != Proposal.Scope.NATIONAL else ""
    department = proposal.department if proposal.scope == Proposal.Scope.DEPARTMENT else ""
    webinar = WebinarPage(
        title=proposal.title,
        slug=slug,
        summary=proposal.summary[:300],
        description="".join(f"<p>{line}</p>" for line in _escape_lines(proposal.summary)),
        region=region,
        department=department,
        organiser=organiser,
        platform=proposal.platform,
        language=proposal.language if proposal.language in WebinarPage.Language.values else "fr",
        live=False,
    )
    webinar.themes.set(list(proposal.themes.all()))
    webinar.communities.set(list(proposal.communities.all()))
    programme.add_child(instance=webinar)
    revision = webinar.save_revision(user=actor if actor and actor.is_authenticated else None)
    if publish:
        try:
            revision.publish(user=actor if actor and actor.is_authenticated else None)
        except PublishPagePermissionError as exc:
            # Raised inside the caller's transaction: nothing of the approval is kept.
            raise ReviewError(_("You may not publish webinars: approve it as a draft instead.")) from exc
    capacity = max(proposal.expected_audience, 1)
    for date in proposal.dates.all():
        Session.objects.create(webinar=webinar, start=date.start, end=date.end, capacity=capacity)
    user = account_for_email(email=proposal.email, name=proposal.contact_name)
    access_grant(user=user, webinar=webinar, granted_by=actor)
    proposal.webinar = webinar
    proposal.account = user
    proposal.save(update_fields=["webinar", "account", "updated_at"])
    return webinar, user


def _escape_lines(text):
    from django.utils.html import escape

    return [escape(line) for line in text.splitlines() if line.strip()]


def proposal_reply(*, proposal, user, message):
    """The organiser answers a change request from their space: back to review, staff are told."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != S.CHANGES_REQUESTED:
            raise ReviewError(_("This proposal is not waiting for your answer."))
        proposal.status = S.IN_REVIEW
        proposal.save(update_fields=["status", "updated_at"])
        event = _log(proposal, from_status=S.CHANGES_REQUESTED, to_status=S.IN_REVIEW, actor=user, message=message)
        admin_url = _absolute(reverse("organisers_proposals:inspect", args=[proposal.pk]))
        for email in _staff_emails():
            message_queue(
                to=email,
                template="proposal_staff_reply",
                subject=format_lazy(_("The organiser answered: {title}"), title=proposal.title),
                context={"proposal": proposal, "message": message, "admin_url": admin_url},
                key=f"proposal-reply:{event.pk}:{email}",
            )
    return proposal


# --- Accounts and access ------------------------------------------------------


def account_for_email(*, email, name=""):
    """The organiser account of this address, created without any CMS access (reused if it exists)."""
    User = get_user_model()
    email = email.strip()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        first, _sep, last = name.strip().partition(" ")
        user = User(username=email.lower()[:150], email=email.lower(), first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
    return user


def access_grant(*, user, webinar, granted_by=None):
    access, _created = WebinarAccess.objects.get_or_create(
        user=user, webinar=webinar, defaults={"granted_by": granted_by if granted_by and granted_by.pk else None}
    )
    return access


def webinars_for(user):
    """The webinars an organiser runs (staff: all)."""
    if not user.is_authenticated:
        return WebinarPage.objects.none()
    if user.has_perm("events.view_registration"):
        return WebinarPage.objects.all()
    return WebinarPage.objects.filter(pk__in=WebinarAccess.objects.filter(user=user).values("webinar"))


def webinar_access(user, webinar_id):
    """Answer of the `events_webinar_access` hook: "manage" for the webinar's organisers, else None."""
    if user.is_authenticated and WebinarAccess.objects.filter(user=user, webinar_id=webinar_id).exists():
        return "manage"
    return None


def colleague_invite(*, webinar, email, invited_by):
    """Share a webinar with a colleague: their account (created or reused), access, a sign-in link."""
    with transaction.atomic():
        user = account_for_email(email=email)
        access_grant(user=user, webinar=webinar, granted_by=invited_by)
        message_queue(
            to=user.email,
            template="organiser_invite",
            subject=format_lazy(_("You are invited to co-organise: {title}"), title=webinar.title),
            context={"webinar": webinar, "inviter": invited_by, "signin_url": signin_url(user)},
        )
    return user


class SigninTokenGenerator(PasswordResetTokenGenerator):
    # The hash covers last_login and the password: signing in once spends the link.
    key_salt = "organisers.services.SigninTokenGenerator"


signin_tokens = SigninTokenGenerator()


def signin_url(user):
    token = signing.dumps({"u": user.pk, "t": signin_tokens.make_token(user)}, salt=SIGNIN_SALT)
    return _absolute(reverse("organisers:signin_link", args=[token]))


def signin_user_from_token(token):
    """The user of a valid, unexpired, unused link, or None."""
    try:
        data = signing.loads(token, salt=SIGNIN_SALT, max_age=timedelta(minutes=settings.ORGANISER_SIGNIN_LINK_MINUTES))
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not signin_tokens.check_token(user, str(data.get("t", ""))):
        return None
    return user


def is_organiser(user):
    return user.is_authenticated and (
        WebinarAccess.objects.filter(user=user).exists() or Proposal.objects.confirmed().for_user(user).exists()
    )


def signin_link_send(*, email, language="fr"):
    """Send a one-time sign-in link if this address belongs to an organiser; say nothing otherwise."""
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).order_by("pk").first()
    if user is None or not (WebinarAccess.objects.filter(user=user).exists() or user.proposals.exists()):
        return False
    message_queue(
        to=user.email,
        template="organiser_signin",
        subject=_("Your sign-in link"),
        context={"user": user, "signin_url": signin_url(user), "minutes": settings.ORGANISER_SIGNIN_LINK_MINUTES},
        language=language,
    )
    return True


# --- Messages and session changes --------------------------------------------


def organiser_message(*, session, user, subject, body, include_waitlist=False, batch=None):
    """An organiser writes to every registrant (events' service), with a copy to themselves."""
    from events import services as event_services

    with transaction.atomic():
        count = event_services.registrants_message(
            session=session, subject=subject, body=body, include_waitlist=include_waitlist, batch=batch
        )
        message_queue(
            to=user.email,
            template="organiser_message_copy",
            subject=format_lazy(_("Copy: {subject}"), subject=subject),
            context={"session": session, "body": body, "count": count, "original_subject": subject},
            key=f"organiser-copy:{batch}" if batch else None,
        )
    return count


def session_change(*, session, user, start, end, capacity):
    """Apply a date, time or capacity change at once, or ask staff, as ORGANISER_SESSION_CHANGES says."""
    if settings.ORGANISER_SESSION_CHANGES == "review":
        with transaction.atomic():
            request = SessionChangeRequest.objects.create(
                session=session, requested_by=user, start=start, end=end, capacity=capacity
            )
            admin_url = _absolute(reverse("organisers_change_requests:index"))
            for email in _staff_emails():
                message_queue(
                    to=email,
                    template="session_change_request",
                    subject=format_lazy(_("Session change requested: {title}"), title=session.webinar.title),
                    context={"change": request, "session": session, "admin_url": admin_url},
                    key=f"session-change-request:{request.pk}:{email}",
                )
        return request
    session_apply_change(session=session, start=start, end=end, capacity=capacity)
    return None


def session_apply_change(*, session, start, end, capacity):
    """Registrants get the updated invitation; a larger capacity moves the waiting list up."""
    # Validated on a copy first (end after start, capacity...), then applied by events' service,
    # which sends the updated invitations and promotes the waiting list.
    candidate = Session.objects.get(pk=session.pk)
    candidate.start, candidate.end, candidate.capacity = start, end, capacity
    candidate.full_clean()
    return session_update(session=session, data={"start": start, "end": end, "capacity": capacity})


def change_request_apply(*, change, actor):
    with transaction.atomic():
        change = SessionChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != SessionChangeRequest.Status.PENDING:
            raise ReviewError(_("This request has already been decided."))
        session_apply_change(session=change.session, start=change.start, end=change.end, capacity=change.capacity)
        change.status = SessionChangeRequest.Status.APPLIED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at"])
    return change
