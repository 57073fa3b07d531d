from datetime import datetime

from dateutil.rrule import rruleset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events import presentation
from events.dates import PARIS, paris_day
from events.geo import DEPARTMENT_BY_CODE, DEPARTMENT_CHOICES, REGION_BY_CODE, REGION_CHOICES
from events.panels import SessionsPanel

# Sub-URLs of the programme page: a webinar with one of these slugs would be hidden.
RESERVED_SLUGS = {"passees", "session", "agenda"}


class ProgrammePage(RoutablePageMixin, Page):
    """The programme ("planning à date des webinaires") at /programme/.

    Routes: the upcoming sessions (index), the past ones with replays
    (`passees/`), the calendar feed with the same filters (`agenda.ics`) and
    one session's calendar file (`session/<pk>.ics`).
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.WebinarPage"]
    max_count = 1

    class Meta:
        verbose_name = _("programme page")

    @path("", name="upcoming")
    def upcoming_route(self, request):
        return self.render(request)

    @path("passees/", name="past")
    def past_route(self, request):
        return self.render(request, past=True)

    # Wagtail's page URLs cannot hold a dot: config/urls.py passes `*.ics`
    # paths to `events.presentation.serve_calendar_path`, which lands here.
    @path("agenda.ics/", name="feed")
    def feed_route(self, request):
        return presentation.programme_feed_response(self, request)

    @path("session/<int:pk>.ics/", name="session_ics")
    def session_ics_route(self, request, pk):
        return presentation.session_ics_response(self, request, pk)

    def get_context(self, request, *args, past=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(presentation.programme_context(self, request, past=past))
        return context


class WebinarPage(Page):
    class Platform(models.TextChoices):
        ZOOM = "zoom", "Zoom"
        TEAMS = "teams", "Microsoft Teams"
        WEBEX = "webex", "Webex"
        LIVESTORM = "livestorm", "Livestorm"
        GOTO = "goto", "GoTo Webinar"
        WEBCONF = "webconf", _("State web conferencing (Webconf)")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        FR = "fr", _("French")
        EN = "en", _("English")

    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences, shown in lists."))
    description = RichTextField(_("description"), blank=True)
    themes = ParentalManyToManyField("events.Theme", blank=True, related_name="webinars", verbose_name=_("themes"))
    communities = ParentalManyToManyField(
        "events.Community", blank=True, related_name="webinars", verbose_name=_("target communities")
    )
    region = models.CharField(
        _("region"), max_length=3, choices=REGION_CHOICES, blank=True, help_text=_("Empty for a national webinar.")
    )
    department = models.CharField(_("department"), max_length=3, choices=DEPARTMENT_CHOICES, blank=True)
    organiser = models.ForeignKey(
        "events.Organiser",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinars",
        verbose_name=_("organiser"),
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, default=Platform.ZOOM)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.FR)
    has_captions = models.BooleanField(_("live captions"), default=False)
    has_sign_language = models.BooleanField(_("French sign language (LSF) interpreting"), default=False)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    # Recurring sessions: a rule (with exceptions) expanded into Session rows on publish.
    recurrence = RecurrenceField(verbose_name=_("recurrence"), blank=True, null=True, include_dtstart=False)
    recurrence_first_date = models.DateField(_("first date"), null=True, blank=True)
    recurrence_start_time = models.TimeField(_("start time (Paris)"), null=True, blank=True)
    recurrence_duration = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    recurrence_capacity = models.PositiveIntegerField(_("capacity of each session"), default=100)
    recurrence_join_url = models.URLField(_("join link for generated sessions"), max_length=500, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("communities")],
            heading=_("Themes and audience"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("region"), FieldPanel("department")]), FieldPanel("organiser")],
            heading=_("Scope and organiser"),
        ),
        InlinePanel("speakers", label=_("Speakers")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("platform"), FieldPanel("language")]),
                FieldRowPanel([FieldPanel("has_captions"), FieldPanel("has_sign_language")]),
            ],
            heading=_("Platform and accessibility"),
        ),
    ]
    schedule_panels = [
        SessionsPanel(heading=_("Sessions")),
        MultiFieldPanel(
            [
                FieldPanel("recurrence"),
                FieldRowPanel([FieldPanel("recurrence_first_date"), FieldPanel("recurrence_start_time")]),
                FieldPanel("recurrence_duration"),
                FieldRowPanel([FieldPanel("recurrence_capacity"), FieldPanel("recurrence_join_url")]),
            ],
            heading=_("Recurring sessions"),
            help_text=_(
                "Optional. On publication, each occurrence in the next twelve months becomes a session. "
                "Single sessions are managed in the Sessions menu."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(schedule_panels, heading=_("Sessions")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("region"),
        index.FilterField("department"),
        index.RelatedFields("organiser", [index.SearchField("name")]),
    ]

    parent_page_types = ["events.ProgrammePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")

    @property
    def region_name(self):
        region = REGION_BY_CODE.get(self.region)
        return region.name if region else ""

    @property
    def department_name(self):
        department = DEPARTMENT_BY_CODE.get(self.department)
        return department.name if department else ""

    @property
    def place_label(self):
        """Where the webinar is for: "Bretagne (29 – Finistère)", "Bretagne" or "National"."""
        if not self.region:
            return _("National")
        if self.department:
            return f"{self.region_name} ({self.department} – {self.department_name})"
        return self.region_name

    @property
    def absolute_url(self):
        """The page's address for emails and calendars (the site's public address, not the request's)."""
        return f"{settings.SITE_URL}{self.url or ''}"

    def clean(self):
        super().clean()
        errors = {}
        department = DEPARTMENT_BY_CODE.get(self.department)
        if department and self.region and department.region_code != self.region:
            errors["department"] = _("This department is not in the chosen region.")
        if department and not self.region:
            self.region = department.region_code
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This slug is used by the programme page itself; choose another one.")
        if self.recurrence and self.recurrence.rrules:
            if not self.recurrence_start_time:
                errors["recurrence_start_time"] = _("A recurring webinar needs a start time.")
            if not self.recurrence_first_date:
                errors["recurrence_first_date"] = _("A recurring webinar needs a first date.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(presentation.webinar_context(self, request))
        return context

    def recurrence_occurrences(self, after, before):
        """Occurrence starts between two instants, as aware Paris datetimes.

        The rule is expanded on naive Paris wall-clock times, then the zone is
        attached: 10:00 stays 10:00 on both sides of a daylight-saving change.
        Exception and extra dates count by calendar day, as staff enter them.
        """
        rules = self.recurrence
        if not rules or not rules.rrules or not self.recurrence_start_time or not self.recurrence_first_date:
            return []
        dtstart = datetime.combine(self.recurrence_first_date, self.recurrence_start_time)
        ruleset = rruleset()
        for rule in rules.rrules:
            ruleset.rrule(rule.to_dateutil_rrule(dtstart=dtstart))
        for rule in rules.exrules:
            ruleset.exrule(rule.to_dateutil_rrule(dtstart=dtstart))
        excluded_days = {paris_day(d) for d in rules.exdates}
        after_local = timezone.localtime(after, PARIS).replace(tzinfo=None)
        before_local = timezone.localtime(before, PARIS).replace(tzinfo=None)
        starts = {o for o in ruleset.between(after_local, before_local, inc=True) if o.date() not in excluded_days}
        for day in {paris_day(d) for d in rules.rdates} - excluded_days:
            extra = datetime.combine(day, self.recurrence_start_time)
            if after_local <= extra <= before_local:
                starts.add(extra)
        return [start.replace(tzinfo=PARIS) for start in sorted(starts)]


class Speaker(Orderable):
    webinar = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name
