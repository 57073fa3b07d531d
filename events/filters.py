"""The programme's filters: a plain GET form whose invalid values are dropped and reported.

A shared link with a stale theme, a mistyped date or a department of another
region still shows a programme: the bad value is ignored and the page says so.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.geo import DEPARTMENTS, REGIONS
from events.models.taxonomy import Community, OrganiserType, Theme

NATIONAL = "national"
# Longest free-text query we search for; longer input is cut, not refused.
MAX_QUERY_LENGTH = 100
# URL parameter -> label, in the order the filters are shown.
FILTER_PARAMS = ("q", "communaute", "theme", "region", "departement", "organisateur", "du", "au", "places")


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    communaute = forms.ChoiceField(label=_("Community"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    departement = forms.ChoiceField(label=_("Department"), required=False)
    organisateur = forms.ChoiceField(label=_("Organiser type"), required=False)
    du = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    au = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    places = forms.BooleanField(label=_("Only sessions with seats left"), required=False)

    def __init__(self, data=None, *, themes=None, communities=None):
        data = data.copy() if data is not None else {}
        # A query longer than allowed is cut rather than rejected.
        if isinstance(data.get("q"), str):
            data["q"] = data["q"][:MAX_QUERY_LENGTH]
        super().__init__(data)
        themes = list(Theme.objects.all()) if themes is None else themes
        communities = list(Community.objects.all()) if communities is None else communities
        self.fields["theme"].choices = [("", _("All themes")), *((t.slug, t.name) for t in themes)]
        self.fields["communaute"].choices = [("", _("All communities")), *((c.slug, c.name) for c in communities)]
        self.fields["region"].choices = [
            ("", _("All regions")),
            (NATIONAL, _("National webinars")),
            *((r.code, r.name) for r in REGIONS),
        ]
        self.fields["departement"].choices = [
            ("", _("All departments")),
            *((d.code, f"{d.code} – {d.name}") for d in DEPARTMENTS),
        ]
        self.fields["organisateur"].choices = [("", _("All organiser types")), *OrganiserType.choices]
        self.ignored = []

    def clean(self):
        cleaned = super().clean()
        department = cleaned.get("departement")
        region = cleaned.get("region")
        if department and region:
            department_region = next(d.region_code for d in DEPARTMENTS if d.code == department)
            if region != department_region:
                self._ignore("departement", gettext("the department is not in the chosen region"))
                cleaned.pop("departement", None)
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and end < start:
            self._ignore("au", gettext("the end date is before the start date"))
            cleaned.pop("au", None)
        return cleaned

    def _ignore(self, name, reason):
        self.ignored.append({"field": str(self.fields[name].label), "value": self.data.get(name, ""), "reason": reason})

    @property
    def filters(self):
        """The valid filters only; invalid values are recorded in `ignored`."""
        if not hasattr(self, "_filters"):
            self.is_valid()
            for name in self.errors:
                if name in self.fields:
                    self.ignored.append(
                        {
                            "field": str(self.fields[name].label),
                            "value": str(self.data.get(name, ""))[:MAX_QUERY_LENGTH],
                            "reason": gettext("unknown or malformed value"),
                        }
                    )
            self._filters = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        return self._filters
