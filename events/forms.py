"""Forms of the registration flow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .geo import DEPARTMENT_CHOICES
from .models.taxonomy import Community

TEXT_WIDGET_CLASS = "fr-input"


def community_choices_list():
    return list(Community.objects.values_list("pk", "name"))


class RegistrationForm(forms.Form):
    """Register for one session, without an account.

    Ids are prefixed with the session (`auto_id`), so several forms can sit on
    one webinar page. Rendered field by field with the DSFR markup in
    templates/events/registration/field.html.
    """

    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Expected format: name@domain.fr. Your invitation and join link will be sent there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Your establishment, company, association or practice."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    community = forms.TypedChoiceField(label=_("You are"), coerce=int)
    department = forms.ChoiceField(label=_("Department"), choices=[("", _("Select an option")), *DEPARTMENT_CHOICES])
    consent_newsletter = forms.BooleanField(
        label=_("I would like to receive news of the Tour de France Mon espace santé"), required=False
    )
    consent_contact = forms.BooleanField(
        label=_("I agree to be contacted after the webinar about my experience"), required=False
    )

    def __init__(self, *args, session=None, community_choices=None, **kwargs):
        if session is not None:
            kwargs.setdefault("auto_id", f"s{session.pk}-%s")
        super().__init__(*args, **kwargs)
        self.session_pk = session.pk if session is not None else None
        # A page with one form per session passes the choices once (no query per form).
        if community_choices is None:
            community_choices = community_choices_list()
        self.fields["community"].choices = [("", _("Select an option")), *community_choices]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "fr-select" if isinstance(widget, forms.Select) else TEXT_WIDGET_CLASS
            widget.attrs["class"] = css

    def clean_community(self):
        community = Community.objects.filter(pk=self.cleaned_data["community"]).first()
        if community is None:
            raise forms.ValidationError(_("Select an option"))
        return community

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()


class MoveForm(forms.Form):
    session = forms.TypedChoiceField(label=_("New session"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {session.pk: session for session in targets}
        self.fields["session"].choices = [(session.pk, str(session.pk)) for session in targets]

    def clean_session(self):
        return self.targets[self.cleaned_data["session"]]


class RegistrantsMessageForm(forms.Form):
    """Staff write to every registrant of a session (Wagtail admin)."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10_000)
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)
    batch = forms.CharField(widget=forms.HiddenInput)
