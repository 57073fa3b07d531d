"""Contribute → confirm → moderate (admin) → publish → support, in Chromium, with axe on every public page.

Screenshots (desktop 1280 px and phone 375 px) go to SCREENSHOTS_DIR when it is set.
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from participation.models import Contribution
from tests.factories import CommunityFactory, ThemeFactory

SHOTS = os.environ.get("SCREENSHOTS_DIR")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def link_path(email, fragment):
    message = [m for m in mail.outbox if m.to == [email] and fragment in m.body][-1]
    return re.search(rf"https?://[^/\s]+({re.escape(fragment)}[^\s/]+/)", message.body).group(1)


@pytest.fixture
def forum(e2e_site, django_user_model):
    ThemeFactory(name="Dossier médical partagé", slug="dmp")
    CommunityFactory(name="Professionnels de santé", slug="ps")
    return django_user_model.objects.create_superuser("moderator", "moderator@example.org", "moderator-pw")


def test_contribute_confirm_moderate_publish_support(page, mobile_page, forum, assert_accessible, live_server):
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Contribuer").click()
    expect(page.locator("h1")).to_have_text("Contribuer")
    assert_accessible(page)
    shot(page, "contribute-desktop")

    # Errors first: the DSFR way, nothing saved.
    page.get_by_role("button", name="Envoyer ma contribution").click()
    expect(page.get_by_text("Veuillez corriger le formulaire")).to_be_visible()
    assert_accessible(page)
    assert Contribution.objects.count() == 0

    # DSFR draws radios and checkboxes on their labels: click those, as a person does.
    page.locator("label", has_text="Bonne pratique").click()
    page.get_by_label("Titre", exact=True).fill("Un rappel <b>SMS</b> pour activer Mon espace santé 🎉")
    page.get_by_label("Votre texte").fill(
        "Nous envoyons un SMS la veille.\n\nDétails : https://www.monespacesante.fr\n\n<script>alert(1)</script>"
    )
    page.get_by_label("Thème", exact=True).select_option(label="Dossier médical partagé")
    page.locator("label", has_text="Professionnels de santé").click()
    page.get_by_label("Votre nom", exact=True).fill("Camille Martin")
    page.get_by_label("Adresse électronique").fill("camille@example.org")
    page.get_by_label("Organisation").fill("CPTS du Nord")
    page.locator("label", has_text="Afficher mon nom avec ma contribution").click()
    page.locator("label", has_text="J’accepte que ma contribution soit transmise").click()
    page.get_by_role("button", name="Envoyer ma contribution").click()
    expect(page.locator("h1")).to_have_text("Merci pour votre contribution")
    assert_accessible(page)

    page.goto(link_path("camille@example.org", "/contribuer/confirmer/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer ma contribution").click()
    expect(page.locator("h1")).to_have_text("Contribution confirmée")
    contribution = Contribution.objects.get()
    assert contribution.status == "pending"

    # Moderation in the Wagtail admin.
    admin = Client()
    admin.force_login(forum)
    page.context.add_cookies([{"name": "sessionid", "value": admin.cookies["sessionid"].value, "url": live_server.url}])
    page.goto("/admin/participation_contributions/?status=pending")
    shot(page, "admin-queue-desktop")
    page.get_by_role("link", name=re.compile("Un rappel")).first.click()
    expect(page.get_by_role("button", name="Publier")).to_be_visible()
    shot(page, "admin-moderate-desktop")
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Publiée ; l’auteur est prévenu par courriel.")).to_be_visible()
    contribution.refresh_from_db()
    assert contribution.status == "published"
    page.goto("/admin/participation/exports/")
    shot(page, "admin-exports-desktop")
    page.context.clear_cookies()

    # Public pages: the list, the detail, a support confirmed by email.
    page.goto("/contributions/")
    assert_accessible(page)
    shot(page, "list-desktop")
    page.get_by_role("link", name=re.compile("Un rappel")).click()
    expect(page.locator("h1")).to_have_text("Un rappel <b>SMS</b> pour activer Mon espace santé 🎉")
    expect(page.get_by_role("link", name="https://www.monespacesante.fr")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script>")).to_be_visible()
    assert_accessible(page)
    shot(page, "detail-desktop")
    page.get_by_label("Votre adresse électronique").fill("soutien@example.org")
    page.get_by_role("button", name="Soutenir").click()
    expect(page.get_by_text("Presque fini")).to_be_visible()
    page.goto(link_path("soutien@example.org", "/contributions/soutien/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon soutien").click()
    expect(page.get_by_role("heading", name="1 soutien")).to_be_visible()
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    assert page.csp_errors == []

    for path, name in (
        ("/contribuer/", "contribute"),
        ("/contributions/", "list"),
        (contribution.get_absolute_url(), "detail"),
    ):
        mobile_page.goto(path)
        assert_accessible(mobile_page)
        shot(mobile_page, f"{name}-phone")
