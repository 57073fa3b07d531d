"""Fixtures and helpers shared by the registration tests (issue 4)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CommunityFactory, ProgrammePageFactory, SessionFactory, WebinarPageFactory


def in_hours(hours):
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(microsecond=0)


def registration_data(email="camille.martin@example.org", community=None, **overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "organisation": "CHU de Rennes",
        "community": community,
        "department": "35",
        "consent_newsletter": False,
        "consent_contact": True,
    }
    data.update(overrides)
    return data


def form_data(community, email="camille.martin@example.org", **overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "organisation": "CHU de Rennes",
        "community": str(community.pk),
        "department": "35",
    }
    data.update(overrides)
    return data


def make_webinar(site_root, **kwargs):
    from events.models import ProgrammePage

    programme = ProgrammePage.objects.first() or ProgrammePageFactory(parent=site_root)
    kwargs.setdefault("title", "Le DMP au cabinet")
    return WebinarPageFactory(parent=programme, **kwargs)


def make_session(webinar, *, capacity=10, start_in_hours=72, **kwargs):
    start = in_hours(start_in_hours)
    return SessionFactory(
        webinar=webinar, start=start, end=start + datetime.timedelta(hours=1), capacity=capacity, **kwargs
    )


@pytest.fixture
def community(db):
    return CommunityFactory(name="Professionnels de santé", slug="professionnels-de-sante")


@pytest.fixture
def webinar(site_root):
    return make_webinar(site_root)


@pytest.fixture
def session(webinar):
    return make_session(webinar, capacity=2)
