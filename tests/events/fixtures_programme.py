"""Shared fixtures of the programme tests (imported by the test modules that use them)."""

import datetime

import pytest
from django.utils import timezone

from events.dates import PARIS
from events.models import OrganiserType, Registration, Session
from tests.factories import (
    CommunityFactory,
    OrganiserFactory,
    ProgrammePageFactory,
    SessionFactory,
    ThemeFactory,
    WebinarPageFactory,
)


def paris(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def in_days(days, hour=10):
    local = timezone.localtime(timezone.now(), PARIS) + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def fill(session, count):
    Registration.objects.bulk_create(
        Registration(
            session=session,
            status=Registration.Status.CONFIRMED,
            first_name="Prénom",
            last_name=f"Nom {i}",
            email=f"personne{i}-{session.pk}@example.org",
        )
        for i in range(count)
    )


@pytest.fixture(name="programme")
def programme_fixture(site_root):
    return ProgrammePageFactory(parent=site_root, title="Programme", slug="programme")


def make_taxonomy():
    """Themes, communities and organisers shared by the programme tests (unit and browser)."""
    return {
        "dmp": ThemeFactory(name="DMP", slug="dmp"),
        "messagerie": ThemeFactory(name="Messagerie sécurisée", slug="messagerie-securisee"),
        "pros": CommunityFactory(name="Professionnels de santé", slug="professionnels-de-sante"),
        "citoyens": CommunityFactory(name="Citoyens", slug="citoyens"),
        "ars": OrganiserFactory(name="ARS Bretagne", type=OrganiserType.ARS),
        "patients": OrganiserFactory(name="France Assos Santé", type=OrganiserType.PATIENTS),
    }


@pytest.fixture(name="taxonomy")
def taxonomy_fixture(db):
    return make_taxonomy()


@pytest.fixture(name="webinars")
def webinars_fixture(programme, taxonomy):
    """Three webinars: Bretagne (DMP, pros), Île-de-France / Paris (messagerie, citoyens), national."""
    t = taxonomy
    bretagne = WebinarPageFactory(
        parent=programme,
        title="Le DMP en Bretagne",
        slug="dmp-bretagne",
        summary="Alimenter le DMP depuis le cabinet.",
        region="53",
        department="35",
        organiser=t["ars"],
        themes=[t["dmp"]],
        communities=[t["pros"]],
        has_captions=True,
    )
    paris_webinar = WebinarPageFactory(
        parent=programme,
        title="La messagerie sécurisée à Paris",
        slug="messagerie-paris",
        summary="Écrire à ses patients en toute confidentialité.",
        region="11",
        department="75",
        organiser=t["patients"],
        themes=[t["messagerie"]],
        communities=[t["citoyens"]],
    )
    national = WebinarPageFactory(
        parent=programme,
        title="Mon espace santé pour tous",
        slug="mon-espace-sante-pour-tous",
        summary="Présentation nationale.",
        region="",
        organiser=t["patients"],
        themes=[t["dmp"], t["messagerie"]],
        communities=[t["pros"], t["citoyens"]],
        has_sign_language=True,
    )
    sessions = {
        "bretagne_1": SessionFactory(webinar=bretagne, start=in_days(10), end=in_days(10, hour=11), capacity=20),
        "bretagne_2": SessionFactory(webinar=bretagne, start=in_days(40), end=in_days(40, hour=11), capacity=5),
        "paris_1": SessionFactory(webinar=paris_webinar, start=in_days(12), end=in_days(12, hour=11), capacity=3),
        "national_1": SessionFactory(webinar=national, start=in_days(5), end=in_days(5, hour=11)),
        "national_past": SessionFactory(
            webinar=national,
            start=in_days(-20),
            end=in_days(-20, hour=11),
            replay_url="https://replay.example.org/mes",
        ),
        "national_cancelled": SessionFactory(
            webinar=national, start=in_days(15), end=in_days(15, hour=11), status=Session.Status.CANCELLED
        ),
    }
    fill(sessions["paris_1"], 3)  # full
    return {"bretagne": bretagne, "paris": paris_webinar, "national": national, **sessions}
