"""Contribute, confirm, moderate, support, report: every change that spans models or tells someone."""

import re
import unicodedata
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mailer.services import message_queue

from ..models import AbuseReport, Contribution, ContributionRevision, Support
from . import feed

DUPLICATE_WINDOW = timedelta(days=1)


class ModerationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _fingerprint(text):
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", " ", text).strip()


def is_duplicate(*, email, title, body, now=None):
    """The same address posted the same thing recently (a double click, a bot)."""
    now = now or timezone.now()
    recent = Contribution.objects.filter(email__iexact=email, created_at__gte=now - DUPLICATE_WINDOW)
    wanted = (_fingerprint(title), _fingerprint(body))
    return any((_fingerprint(t), _fingerprint(b)) == wanted for t, b in recent.values_list("title", "body")[:50])


def _history(contribution, action, *, user=None, note=""):
    ContributionRevision.objects.create(
        contribution=contribution, action=action, title=contribution.title, body=contribution.body, user=user, note=note
    )


def _tell_author(contribution, template, subject, language="fr", **context):
    message_queue(
        to=contribution.email,
        language=language,
        template=template,
        subject=format_lazy(subject, title=contribution.title[:80]),
        context={"contribution": contribution, **context},
    )


def contribution_submit(*, data, language="fr", now=None):
    """Record a contribution (unconfirmed) and email the confirmation link.

    Returns None, changing nothing, when it repeats a recent one from the same address.
    """
    if is_duplicate(email=data["email"], title=data["title"], body=data["body"], now=now):
        return None
    communities = data.pop("communities", [])
    with transaction.atomic():
        contribution = Contribution.objects.create(**data, created_at=now or timezone.now())
        contribution.communities.set(communities)
        _history(contribution, "submitted")
        _tell_author(
            contribution,
            "contribution_confirm",
            _("Confirm your contribution: {title}"),
            language=language,
            confirm_path=reverse("participation:confirm", args=[contribution.confirm_token()]),
        )
    return contribution


def contribution_confirm(*, contribution, now=None):
    if contribution.status != Contribution.Status.UNCONFIRMED:
        return False
    updated = Contribution.objects.filter(pk=contribution.pk, status=Contribution.Status.UNCONFIRMED).update(
        status=Contribution.Status.PENDING, confirmed_at=now or timezone.now()
    )
    contribution.refresh_from_db()
    return bool(updated)


def contribution_resubmit(*, contribution, data):
    """The author changes their contribution after staff asked; it goes back to the queue."""
    if contribution.status != Contribution.Status.CHANGES_REQUESTED:
        raise ModerationError(_("This contribution cannot be changed any more."))
    communities = data.pop("communities", [])
    with transaction.atomic():
        for field, value in data.items():
            setattr(contribution, field, value)
        contribution.status = Contribution.Status.PENDING
        contribution.save()
        contribution.communities.set(communities)
        _history(contribution, "resubmitted")


MODERATION_ALLOWED = {
    "publish": {Contribution.Status.PENDING, Contribution.Status.REJECTED, Contribution.Status.CHANGES_REQUESTED},
    "reject": {Contribution.Status.PENDING, Contribution.Status.PUBLISHED, Contribution.Status.CHANGES_REQUESTED},
    "request_changes": {Contribution.Status.PENDING, Contribution.Status.PUBLISHED},
}


def _check(contribution, action):
    if contribution.status not in MODERATION_ALLOWED[action]:
        raise ModerationError(
            format_lazy(
                _("Not possible while the contribution is « {status} »."), status=contribution.get_status_display()
            )
        )


def contribution_publish(*, contribution, user=None, now=None):
    _check(contribution, "publish")
    now = now or timezone.now()
    with transaction.atomic():
        contribution.status = Contribution.Status.PUBLISHED
        contribution.published_at = contribution.published_at or now
        contribution.moderation_note = ""
        contribution.save()
        _history(contribution, "published", user=user)
        feed.feed_refresh(contribution=contribution, now=now)
        _tell_author(contribution, "contribution_published", _("Your contribution is published: {title}"))


def contribution_reject(*, contribution, reason, user=None):
    _check(contribution, "reject")
    if not reason.strip():
        raise ModerationError(_("Give the author a reason."))
    with transaction.atomic():
        contribution.status = Contribution.Status.REJECTED
        contribution.moderation_note = reason.strip()
        contribution.save()
        _history(contribution, "rejected", user=user, note=reason)
        _tell_author(contribution, "contribution_rejected", _("Your contribution was not published: {title}"))


def contribution_request_changes(*, contribution, reason, user=None):
    _check(contribution, "request_changes")
    if not reason.strip():
        raise ModerationError(_("Tell the author what to change."))
    with transaction.atomic():
        contribution.status = Contribution.Status.CHANGES_REQUESTED
        contribution.moderation_note = reason.strip()
        contribution.save()
        _history(contribution, "changes_requested", user=user, note=reason)
        _tell_author(
            contribution,
            "contribution_changes",
            _("Changes requested for your contribution: {title}"),
            edit_path=reverse("participation:change", args=[contribution.edit_token()]),
        )


def contribution_edit(*, contribution, user=None, now=None):
    """Staff corrected typos (the instance already carries the new values): history and feed follow."""
    with transaction.atomic():
        contribution.save()
        _history(contribution, "edited", user=user)
        feed.feed_refresh(contribution=contribution, now=now)


def contribution_answer(*, contribution, answer, retained, user=None, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        answer = answer.strip()
        if answer != contribution.staff_answer:
            contribution.staff_answer = answer
            contribution.staff_answered_at = now if answer else None
        contribution.retained = retained
        contribution.save()
        _history(contribution, "answered", user=user, note=answer)
        feed.feed_refresh(contribution=contribution, now=now)
        if answer and contribution.is_published:
            _tell_author(contribution, "contribution_answered", _("The team answered your contribution: {title}"))


def contribution_merge(*, duplicate, into, user=None):
    """The duplicate leaves the public pages; its confirmed supports join the kept one."""
    if duplicate.pk == into.pk:
        raise ModerationError(_("A contribution cannot be merged into itself."))
    if into.status != Contribution.Status.PUBLISHED or into.merged_into_id:
        raise ModerationError(_("Merge into a published contribution."))
    with transaction.atomic():
        kept_emails = set(into.supports.values_list("email", flat=True))
        for support in duplicate.supports.exclude(email__in=kept_emails):
            support.contribution = into
            support.save(update_fields=["contribution"])
        duplicate.supports.all().delete()
        duplicate.status = Contribution.Status.MERGED
        duplicate.merged_into = into
        duplicate.save()
        duplicate.support_count = 0
        duplicate.save(update_fields=["support_count"])
        support_recount(contribution=into)
        _history(duplicate, "merged", user=user, note=str(into.pk))
        _tell_author(duplicate, "contribution_merged", _("Your contribution joined a similar one: {title}"), into=into)


def support_recount(*, contribution):
    count = contribution.supports.filter(confirmed_at__isnull=False).count()
    Contribution.objects.filter(pk=contribution.pk).update(support_count=count)
    contribution.support_count = count


def support_request(*, contribution, email):
    """Ask for a support: the address confirms by a link. Asking twice changes nothing."""
    if not contribution.is_published:
        raise ModerationError(_("Only published contributions can be supported."))
    email = email.strip().lower()
    with transaction.atomic():
        try:
            with transaction.atomic():
                support = Support.objects.create(contribution=contribution, email=email)
        except IntegrityError:
            return Support.objects.get(contribution=contribution, email=email)
        message_queue(
            to=email,
            template="support_confirm",
            subject=format_lazy(_("Confirm your support: {title}"), title=contribution.title[:80]),
            context={
                "contribution": contribution,
                "confirm_path": reverse("participation:support_confirm", args=[support.confirm_token()]),
            },
        )
    return support


def support_confirm(*, support, now=None):
    """Counted once: only the first confirmation of an address moves the count."""
    with transaction.atomic():
        updated = Support.objects.filter(pk=support.pk, confirmed_at__isnull=True).update(
            confirmed_at=now or timezone.now()
        )
        if updated:
            Contribution.objects.filter(pk=support.contribution_id).update(support_count=F("support_count") + 1)
    return bool(updated)


def abuse_report(*, contribution, reason):
    with transaction.atomic():
        report = AbuseReport.objects.create(contribution=contribution, reason=reason.strip()[:2000])
        Contribution.objects.filter(pk=contribution.pk).update(report_count=F("report_count") + 1)
    return report
