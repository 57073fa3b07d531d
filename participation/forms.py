"""Public forms of the forum. Rendered field by field with the DSFR markup."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Community, Theme, WebinarPage

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Contribution, Kind


def _dsfr(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        widget.attrs["class"] = "fr-select" if isinstance(widget, forms.Select) else "fr-input"


class ContributionForm(forms.ModelForm):
    # A field people never see (hidden by the stylesheet): bots fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = Contribution
        fields = [
            "kind",
            "title",
            "body",
            "theme",
            "communities",
            "webinar",
            "author_name",
            "email",
            "organisation",
            "show_name",
            "consent_transfer",
        ]
        labels = {
            "kind": _("Your contribution is"),
            "title": _("Title"),
            "body": _("Your text"),
            "theme": _("Theme"),
            "communities": _("Communities concerned"),
            "webinar": _("The webinar it follows"),
            "author_name": _("Your name"),
            "email": _("Email address"),
            "organisation": _("Organisation"),
            "show_name": _("Show my name with my contribution"),
            "consent_transfer": _("I agree that my contribution is passed on to participez.esante.gouv.fr"),
        }
        help_texts = {
            "body": _("Plain text: leave an empty line between paragraphs; web addresses become links."),
            "email": _("Expected format: name@domain.fr. We send you a link to confirm; it is never shown."),
            "show_name": _("Otherwise your contribution is shown without a name."),
            "consent_transfer": _(
                "The Délégation au numérique en santé gathers contributions on this national platform; "
                "your name is passed on only if you ticked the box above."
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 8}),
            "communities": forms.CheckboxSelectMultiple,
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Kind.choices
        self.fields["title"].max_length = TITLE_MAX_LENGTH
        self.fields["body"].max_length = BODY_MAX_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = BODY_MAX_LENGTH
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].required = True
        self.fields["theme"].empty_label = _("Select an option")
        self.fields["communities"].queryset = Community.objects.all()
        self.fields["webinar"].queryset = WebinarPage.objects.live().order_by("title")
        self.fields["webinar"].empty_label = _("None")
        _dsfr(self)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give your contribution a title."))
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n").strip()
        # Control characters other than newlines and tabs carry nothing readable.
        body = "".join(ch for ch in body if ch in "\n\t" or ch.isprintable() or ch in "\u200e\u200f")
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(
                _("At most %(max)s characters, please (you wrote %(count)s)."),
                params={"max": BODY_MAX_LENGTH, "count": len(body)},
            )
        if len(body) < 10:
            raise forms.ValidationError(_("Write at least a sentence (10 characters)."))
        return body

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class SupportForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We send you a link: your support counts once it is confirmed, once per address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this contribution?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dsfr(self)


class ListFilterForm(forms.Form):
    SORTS = [("recent", _("Most recent")), ("supported", _("Most supported"))]
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=Theme.objects.all(), to_field_name="slug")
    community = forms.ModelChoiceField(
        label=_("Community"), required=False, queryset=Community.objects.all(), to_field_name="slug"
    )
    webinar = forms.ModelChoiceField(label=_("Webinar"), required=False, queryset=WebinarPage.objects.none())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("retained", _("Retained")), ("answered", _("Answered"))],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Kind.choices]
        self.fields["theme"].empty_label = _("All")
        self.fields["community"].empty_label = _("All")
        self.fields["webinar"].empty_label = _("All")
        self.fields["webinar"].queryset = WebinarPage.objects.live().order_by("title")
        _dsfr(self)

    def clean_q(self):
        return "".join(ch for ch in self.cleaned_data["q"] if ch.isprintable()).strip()
