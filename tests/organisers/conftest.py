"""Fixtures of the organiser tests: the site with its programme and /organiser/ page, proposals, accounts."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone, translation

from tests.events.registration_helpers import make_session, make_webinar
from tests.factories import CommunityFactory, ProgrammePageFactory, ThemeFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def send_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def organiser_page(site_root):
    from organisers.demo import seed_organiser_page

    ProgrammePageFactory(parent=site_root)
    return seed_organiser_page(site_root)


@pytest.fixture
def community(db):
    return CommunityFactory(name="Professionnels de santé", slug="professionnels-de-sante")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="DMP", slug="dmp")


def future_day(days=20):
    return (timezone.localtime(timezone.now(), PARIS) + datetime.timedelta(days=days)).date()


def proposal_post(community, theme=None, **overrides):
    day = future_day()
    data = {
        "organisation": "ARS Bretagne",
        "organisation_type": "ars",
        "contact_name": "Camille Martin",
        "email": "camille.martin@ars.example.org",
        "phone": "02 99 00 00 00",
        "title": "Mon espace santé en Bretagne",
        "summary": "Présenter le DMP aux professionnels bretons.",
        "communities": [str(community.pk)],
        "themes": [str(theme.pk)] if theme else [],
        "scope": "region",
        "region": "53",
        "department": "",
        "expected_audience": "80",
        "platform": "zoom",
        "wants_dns_speaker": "on",
        "website": "",
        "dates-TOTAL_FORMS": "3",
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "5",
        "dates-0-date": day.isoformat(),
        "dates-0-start_time": "10:00",
        "dates-0-end_time": "11:30",
        "dates-1-date": (day + datetime.timedelta(days=7)).isoformat(),
        "dates-1-start_time": "14:00",
        "dates-1-end_time": "15:00",
        "dates-2-date": "",
        "dates-2-start_time": "",
        "dates-2-end_time": "",
    }
    data.update(overrides)
    return data


def link_in(message, pattern):
    match = re.search(r"http://127\.0\.0\.1:8000(" + pattern + ")", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def submitted(client, organiser_page, community, theme):
    """A proposal sent through the form (not yet confirmed)."""
    from organisers.models import Proposal

    client.post("/organiser/", proposal_post(community, theme))
    return Proposal.objects.get()


@pytest.fixture
def confirmed(submitted):
    from organisers import services

    proposal, _ = services.proposal_confirm(proposal=submitted)
    return proposal


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "moderatrice@esante.gouv.fr", "x", is_staff=True)
    perms = Permission.objects.filter(
        content_type__app_label__in=["organisers", "events", "wagtailadmin", "wagtailcore"],
        codename__in=[
            "access_admin",
            "view_proposal",
            "change_proposal",
            "view_registration",
            "change_registration",
            "view_sessionchangerequest",
            "change_session",
        ],
    )
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@esante.gouv.fr", "x")


@pytest.fixture
def organiser_webinar(site_root):
    """A webinar run by an organiser account, with one future session."""
    from organisers import services

    webinar = make_webinar(site_root, title="Le DMP en Bretagne")
    session = make_session(webinar, capacity=2)
    user = services.account_for_email(email="orga@ars.example.org", name="Alex Durand")
    services.access_grant(user=user, webinar=webinar)
    return webinar, session, user


@pytest.fixture
def other_organiser(site_root, organiser_webinar):
    """Another organiser, running another webinar."""
    from organisers import services

    webinar = make_webinar(site_root, title="La messagerie sécurisée")
    session = make_session(webinar)
    user = services.account_for_email(email="autre@asso.example.org")
    services.access_grant(user=user, webinar=webinar)
    return webinar, session, user
