"""Factories for tests (factory_boy, wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from events.models import Community, Organiser, OrganiserType, ProgrammePage, Session, Theme, WebinarPage


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Communauté {n}")
    slug = factory.Sequence(lambda n: f"communaute-{n}")


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organiser
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisateur {n}")
    type = OrganiserType.ARS


class ProgrammePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgrammePage

    title = "Programme"
    slug = "programme"


class WebinarPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WebinarPage
        skip_postgeneration_save = True

    title = factory.Faker("sentence", nb_words=5, locale="fr_FR")
    slug = factory.Sequence(lambda n: f"webinaire-{n}")
    summary = factory.Faker("sentence", nb_words=12, locale="fr_FR")
    organiser = factory.SubFactory(OrganiserFactory)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create and extracted:
            self.communities.set(extracted)
            self.save()


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    webinar = factory.SubFactory(WebinarPageFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1))
    capacity = 100
    join_url = factory.Sequence(lambda n: f"https://visio.example.org/secret-room-{n}")


# --- Registrations (issue 4) ---


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Registration"

    session = factory.SubFactory(SessionFactory)
    status = "confirmed"
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.org")
    organisation = factory.Faker("company", locale="fr_FR")
    department = "35"
    confirmed_at = factory.LazyFunction(timezone.now)


# --- Contributions (issue 13) ---


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participation.Contribution"
        skip_postgeneration_save = True

    title = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    body = factory.Faker("paragraph", nb_sentences=4, locale="fr_FR")
    kind = "idea"
    theme = factory.SubFactory(ThemeFactory)
    author_name = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contributeur{n}@example.org")
    organisation = factory.Faker("company", locale="fr_FR")
    show_name = True
    consent_transfer = True
    status = "pending"
    confirmed_at = factory.LazyFunction(timezone.now)
