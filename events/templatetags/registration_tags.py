"""The registration block shown under each session, and DSFR field helpers."""

from django import template
from django.conf import settings

from events.forms import RegistrationForm, community_choices_list
from events.services import CLOSED_MESSAGES, closed_reason

register = template.Library()


@register.inclusion_tag("events/registration/form_block.html", takes_context=True)
def registration_block(context, session, form=None):
    """Works with only `session` and `csrf_token` in the context (webinar page include)."""
    reason = closed_reason(session)
    seats_left = getattr(session, "seats_left", None)
    if seats_left is None and not reason:
        seats_left = max(session.capacity - session.registrations.confirmed().count(), 0)
    # Only a form made for this session: its ids carry the session, unique on the page.
    if not isinstance(form, RegistrationForm) or form.session_pk != session.pk:
        request = context.get("request")
        choices = getattr(request, "_community_choices", None)
        if choices is None:
            choices = community_choices_list()
            if request is not None:
                request._community_choices = choices
        form = RegistrationForm(session=session, community_choices=choices)
    return {
        "session": session,
        "form": form,
        "closed_reason": reason,
        "closed_message": CLOSED_MESSAGES.get(reason, ""),
        "full": not reason and seats_left is not None and seats_left <= 0,
        "seats_left": seats_left,
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.filter
def dsfr_widget(field):
    """The widget with the DSFR error state and aria-describedby pointing at hint and error."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
        css = field.field.widget.attrs.get("class", "")
        if css in ("fr-input", "fr-select"):
            attrs["class"] = f"{css} {css}--error"
    return field.as_widget(attrs=attrs)
