"""Forms of the organiser pages: the proposal (with several proposed dates), sign-in, the space."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.geo import DEPARTMENT_BY_CODE, DEPARTMENT_CHOICES, REGION_CHOICES
from events.models import Community, Theme, WebinarPage

from .models import Proposal

PARIS = ZoneInfo("Europe/Paris")
MAX_DATES = 5
LONG_TEXT = 4000


def _dsfr(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        widget.attrs.setdefault("class", "fr-select" if isinstance(widget, forms.Select) else "fr-input")


class HoneypotMixin(forms.Form):
    """A field people never see (nor screen readers); robots fill it in."""

    website = forms.CharField(required=False, label=_("Leave this field empty"), max_length=200)

    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class ProposalForm(HoneypotMixin, forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Target communities"), queryset=Community.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("Select an option")), *REGION_CHOICES], required=False
    )
    department = forms.ChoiceField(
        label=_("Department"), choices=[("", _("Select an option")), *DEPARTMENT_CHOICES], required=False
    )
    expected_audience = forms.IntegerField(label=_("Expected audience"), min_value=1, max_value=100_000)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the webinar is about and for whom (4,000 characters at most)."),
    )

    class Meta:
        model = Proposal
        fields = [
            "organisation",
            "organisation_type",
            "contact_name",
            "email",
            "phone",
            "title",
            "summary",
            "themes",
            "communities",
            "scope",
            "region",
            "department",
            "expected_audience",
            "platform",
            "wants_dns_speaker",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "scope": forms.RadioSelect,
        }
        help_texts = {"email": _("Expected format: name@domain.fr. We will send you a link to confirm it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_type"].choices = [("", _("Select an option")), *Proposal.ORGANISATION_TYPES]
        self.fields["platform"].choices = [("", _("Select an option")), *WebinarPage.Platform.choices]
        self.fields["wants_dns_speaker"].label = _("We would like a speaker from the DNS or the Assurance Maladie")
        _dsfr(self)

    def clean(self):
        data = super().clean()
        scope, region, department = data.get("scope"), data.get("region"), data.get("department")
        if scope == Proposal.Scope.REGION and not region:
            self.add_error("region", _("Choose the region."))
        if scope == Proposal.Scope.DEPARTMENT:
            if not department:
                self.add_error("department", _("Choose the department."))
            elif department in DEPARTMENT_BY_CODE:
                expected = DEPARTMENT_BY_CODE[department].region_code
                if region and region != expected:
                    self.add_error("department", _("This department is not in the chosen region."))
                data["region"] = expected
        if scope == Proposal.Scope.NATIONAL:
            data["region"], data["department"] = "", ""
        elif scope == Proposal.Scope.REGION:
            data["department"] = ""
        return data

    def proposal_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["themes"] = list(data["themes"])
        data["communities"] = list(data["communities"])
        return data


class ProposedDateForm(forms.Form):
    """One proposed date, entered in Paris time."""

    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start (Paris time)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End (Paris time)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if not any((day, start, end)):
            data["empty"] = True
            return data
        if not (day and start and end):
            raise forms.ValidationError(_("Give the date, the start time and the end time."))
        start_at = datetime.combine(day, start, tzinfo=PARIS)
        end_at = datetime.combine(day, end, tzinfo=PARIS)
        if end_at <= start_at:
            raise forms.ValidationError(_("The end must be after the start."))
        if start_at <= timezone.now() + timedelta(days=1):
            raise forms.ValidationError(_("Propose a date at least one day from now."))
        if start_at > timezone.now() + timedelta(days=730):
            raise forms.ValidationError(_("Propose a date within the next two years."))
        data["start"], data["end"] = start_at, end_at
        return data


class BaseDatesFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i == 0:
            # The first row is the one date every proposal needs (the others are optional).
            for field in form.fields.values():
                field.required = True
        return form

    def clean(self):
        if any(self.errors):
            return
        if not self.dates():
            raise forms.ValidationError(_("Propose at least one date."))

    def dates(self):
        return sorted(
            (form.cleaned_data["start"], form.cleaned_data["end"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("empty")
        )


ProposedDateFormSet = forms.formset_factory(
    ProposedDateForm, formset=BaseDatesFormSet, extra=3, max_num=MAX_DATES, absolute_max=MAX_DATES, validate_max=True
)


class EmailSigninForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)


class PasswordSigninForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6, "class": "fr-input"})
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "fr-input", "autocomplete": "off"}),
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10_000)
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)
    batch = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)


class SessionChangeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start (Paris time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End (Paris time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)

    @classmethod
    def initial_for(cls, session):
        start, end = timezone.localtime(session.start, PARIS), timezone.localtime(session.end, PARIS)
        return {"date": start.date(), "start_time": start.time(), "end_time": end.time(), "capacity": session.capacity}

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["start"] = datetime.combine(day, start, tzinfo=PARIS)
            data["end"] = datetime.combine(day, end, tzinfo=PARIS)
            if data["end"] <= data["start"]:
                raise forms.ValidationError(_("The end must be after the start."))
            if data["start"] <= timezone.now():
                raise forms.ValidationError(_("The new date must be in the future."))
        return data


class OrganiserPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset flow, its email sent through the outbox; organisers without a password may set one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        from .models import WebinarAccess

        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user for user in users if user.has_usable_password() or WebinarAccess.objects.filter(user=user).exists()
        )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.urls import reverse

        from mailer.services import message_queue

        path = reverse(
            "organisers:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        message_queue(
            to=to_email,
            template="organiser_password_reset",
            subject=_("Choose your password"),
            context={"user": context["user"], "reset_url": f"{settings.SITE_URL.rstrip('/')}{path}"},
        )
