"""The webinar editor's recurrence panel: plain form fields, in French, that build
a django-recurrence rule (its own admin widget does not work inside Wagtail 8).

Weekly, every two weeks, or monthly on the Nth weekday; until a date or N
times (an end is required); excluded and extra dates. The number of sessions
a rule creates is capped, with a message that says how to shorten it.
"""

import datetime

import recurrence
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

# The most sessions one rule may create.
MAX_OCCURRENCES = 40

WEEKDAYS = [
    (0, pgettext_lazy("recurrence", "Monday")),
    (1, pgettext_lazy("recurrence", "Tuesday")),
    (2, pgettext_lazy("recurrence", "Wednesday")),
    (3, pgettext_lazy("recurrence", "Thursday")),
    (4, pgettext_lazy("recurrence", "Friday")),
    (5, pgettext_lazy("recurrence", "Saturday")),
    (6, pgettext_lazy("recurrence", "Sunday")),
]
FREQUENCIES = [
    ("", _("No recurrence")),
    ("weekly", _("Every week")),
    ("biweekly", _("Every two weeks")),
    ("monthly", _("Every month, on the Nth weekday")),
]
MONTH_WEEKS = [
    ("1", pgettext_lazy("recurrence", "first")),
    ("2", pgettext_lazy("recurrence", "second")),
    ("3", pgettext_lazy("recurrence", "third")),
    ("4", pgettext_lazy("recurrence", "fourth")),
    ("-1", pgettext_lazy("recurrence", "last")),
]
ENDS = [("until", _("Until a date")), ("count", _("A number of times"))]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]


class DateListField(forms.CharField):
    """Dates typed one per line or separated by commas (JJ/MM/AAAA)."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": _("DD/MM/YYYY")})

    def to_python(self, value):
        value = super().to_python(value)
        dates, bad = [], []
        for raw in value.replace(",", "\n").replace(";", "\n").split():
            for fmt in DATE_INPUT_FORMATS:
                try:
                    dates.append(datetime.datetime.strptime(raw, fmt).date())
                    break
                except ValueError:
                    continue
            else:
                bad.append(raw)
        if bad:
            raise forms.ValidationError(
                _("Not a date: %(values)s. Write dates as DD/MM/YYYY, one per line."),
                params={"values": ", ".join(bad)},
            )
        return sorted(set(dates))

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(d.strftime("%d/%m/%Y") for d in value)
        return value


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


class WebinarPageForm(WagtailAdminPageForm):
    recurrence_frequency = forms.ChoiceField(label=_("Repeat"), choices=FREQUENCIES, required=False)
    recurrence_weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a monthly rule, tick one day."),
    )
    recurrence_month_week = forms.ChoiceField(
        label=_("Week of the month (monthly rule)"), choices=MONTH_WEEKS, required=False, initial="1"
    )
    recurrence_end = forms.ChoiceField(
        label=_("Ends"), choices=ENDS, required=False, initial="until", widget=forms.RadioSelect
    )
    recurrence_until = forms.DateField(
        label=_("Last date"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    recurrence_count = forms.IntegerField(
        label=_("Number of sessions"), required=False, min_value=1, max_value=MAX_OCCURRENCES
    )
    recurrence_exdates = DateListField(
        label=_("Excluded dates"), required=False, help_text=_("No session on these days. One date per line.")
    )
    recurrence_rdates = DateListField(
        label=_("Extra dates"), required=False, help_text=_("A session on these days too, at the same time.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule_set = self.instance.recurrence
        if not self.is_bound and rule_set and rule_set.rrules:
            rule = rule_set.rrules[0]
            initial = {"recurrence_weekdays": [], "recurrence_end": "until"}
            if rule.freq == recurrence.MONTHLY:
                initial["recurrence_frequency"] = "monthly"
                byday = rule.byday or []
                if byday:
                    initial["recurrence_weekdays"] = [byday[0].number]
                    initial["recurrence_month_week"] = str(rule.bysetpos or byday[0].index or 1)
            else:
                initial["recurrence_frequency"] = "biweekly" if rule.interval == 2 else "weekly"
                initial["recurrence_weekdays"] = [day.number for day in rule.byday or []]
            if rule.count:
                initial["recurrence_end"] = "count"
                initial["recurrence_count"] = rule.count
            elif rule.until:
                initial["recurrence_until"] = _day(rule.until)
            initial["recurrence_exdates"] = sorted({_day(d) for d in rule_set.exdates})
            initial["recurrence_rdates"] = sorted({_day(d) for d in rule_set.rdates})
            for name, value in initial.items():
                self.initial[name] = value
                self.fields[name].initial = value

    def clean(self):
        cleaned = super().clean()
        frequency = cleaned.get("recurrence_frequency")
        extra = cleaned.get("recurrence_rdates") or []
        if not frequency:
            self.instance.recurrence = recurrence.Recurrence(rdates=_at_noon(extra)) if extra else None
            return cleaned
        weekdays = cleaned.get("recurrence_weekdays") or []
        first = cleaned.get("recurrence_first_date")
        if not weekdays and first:
            weekdays = [first.weekday()]
        if frequency == "monthly" and len(weekdays) != 1:
            self.add_error("recurrence_weekdays", _("A monthly rule takes one weekday."))
        end = cleaned.get("recurrence_end")
        until, count = cleaned.get("recurrence_until"), cleaned.get("recurrence_count")
        if end == "count" and not count:
            self.add_error("recurrence_count", _("Say how many sessions."))
        elif end != "count" and not until:
            self.add_error(
                "recurrence_until", _("Choose the last date (or a number of sessions): a rule without end is refused.")
            )
        if first and end != "count" and until and until < first:
            self.add_error("recurrence_until", _("The last date comes before the first one."))
        if self.errors:
            return cleaned
        kwargs = {"byday": [recurrence.Weekday(day) for day in sorted(weekdays)]}
        if frequency == "monthly":
            kwargs["byday"] = [recurrence.Weekday(weekdays[0], int(cleaned.get("recurrence_month_week") or 1))]
        if end == "count":
            kwargs["count"] = count
        else:
            kwargs["until"] = datetime.datetime.combine(until, datetime.time(23, 59, 59))
        rule = recurrence.Rule(
            recurrence.MONTHLY if frequency == "monthly" else recurrence.WEEKLY,
            interval=2 if frequency == "biweekly" else 1,
            **kwargs,
        )
        self.instance.recurrence = recurrence.Recurrence(
            rrules=[rule],
            exdates=_at_noon(cleaned.get("recurrence_exdates") or []),
            rdates=_at_noon(extra),
        )
        if first and cleaned.get("recurrence_start_time"):
            self.instance.recurrence_first_date = first
            self.instance.recurrence_start_time = cleaned["recurrence_start_time"]
            occurrences = self.instance.recurrence_all_occurrences(limit=MAX_OCCURRENCES + 1)
            if len(occurrences) > MAX_OCCURRENCES:
                message = ngettext(
                    "This rule creates more than %(max)d session. Choose an earlier last date or fewer sessions.",
                    "This rule creates more than %(max)d sessions. Choose an earlier last date or fewer sessions.",
                    MAX_OCCURRENCES,
                ) % {"max": MAX_OCCURRENCES}
                self.add_error("recurrence_until" if end != "count" else "recurrence_count", message)
        return cleaned


def _at_noon(days):
    # django-recurrence stores dates as UTC datetimes: noon keeps the day the same in Paris and in UTC.
    return [datetime.datetime.combine(day, datetime.time(12)) for day in days]


def preview_label(start):
    return date_format(start, "l j F Y, H:i")
