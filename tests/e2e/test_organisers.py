"""The organiser journey in Chromium: propose, confirm, staff approve, sign in by link, registrants, export, message.

axe runs on every public and organiser page; screenshots (desktop and phone) go to var/screenshots/.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from organisers.models import Proposal
from tests.factories import CommunityFactory, ProgrammePageFactory, ThemeFactory

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shoot(page, name, mobile_page=None):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"organisers-{name}-desktop.png", full_page=True)
    if mobile_page is not None:
        mobile_page.context.add_cookies(page.context.cookies())
        mobile_page.goto(page.url)
        mobile_page.screenshot(path=SHOTS / f"organisers-{name}-phone.png", full_page=True)


def link(email, pattern):
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return re.search(r"https?://[^/\s]+(" + pattern + ")", message.body).group(1)


@pytest.fixture
def organiser_site(e2e_site, django_user_model):
    from organisers.demo import seed_organiser_page

    ProgrammePageFactory(parent=e2e_site)
    seed_organiser_page(e2e_site)
    CommunityFactory(name="Professionnels de santé", slug="professionnels-de-sante")
    ThemeFactory(name="DMP", slug="dmp")
    django_user_model.objects.create_superuser("admin", "admin@esante.gouv.fr", "admin-pass-123")
    return e2e_site


def test_propose_confirm_approve_sign_in_and_run_the_webinar(
    page, mobile_page, browser, organiser_site, assert_accessible
):
    email = "camille.martin@ars.example.org"
    # 1. Propose.
    page.goto("/organiser/")
    expect(page.locator("h1")).to_have_text("Organiser un webinaire")
    assert_accessible(page)
    shoot(page, "page", mobile_page)
    page.fill("[name=organisation]", "ARS Bretagne")
    page.select_option("[name=organisation_type]", "ars")
    page.fill("[name=contact_name]", "Camille Martin")
    page.fill("[name=email]", email)
    page.fill("[name=title]", "Mon espace santé en Bretagne")
    page.fill("[name=summary]", "Présenter le DMP aux professionnels bretons.")
    page.locator("label[for=id_communities_0]").click()
    page.locator("label[for=id_themes_0]").click()
    page.locator("label[for=id_scope_1]").click()
    page.select_option("[name=region]", "53")
    page.fill("[name=expected_audience]", "80")
    page.select_option("[name=platform]", "zoom")
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    page.fill("[name=dates-0-date]", day)
    page.fill("[name=dates-0-start_time]", "10:00")
    page.fill("[name=dates-0-end_time]", "11:30")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.locator("h1")).to_have_text("Consultez votre messagerie")
    assert_accessible(page)

    # 2. Confirm the address.
    page.goto(link(email, r"/organiser/confirmer/[^\s/]+/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer et envoyer ma proposition").click()
    expect(page.locator("h1")).to_have_text("Merci, votre proposition est envoyée")
    assert_accessible(page)
    proposal = Proposal.objects.get()
    assert proposal.status == "new"

    # 3. Staff approve, published.
    staff = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, base_url=page.url.split("/organiser")[0]
    )
    admin = staff.new_page()
    admin.goto("/admin/login/")
    admin.fill("[name=username]", "admin")
    admin.fill("[name=password]", "admin-pass-123")
    admin.locator("button[type=submit]").click()
    admin.goto("/admin/proposals/")
    expect(admin.get_by_text("Mon espace santé en Bretagne")).to_be_visible()
    admin.screenshot(path=SHOTS / "organisers-admin-list-desktop.png", full_page=True)
    admin.goto(f"/admin/proposals/inspect/{proposal.pk}/")
    admin.get_by_label("Acceptée").check()
    admin.fill("[name=message]", "Bienvenue dans le Tour de France !")
    admin.get_by_label("Publier le webinaire tout de suite", exact=False).check()
    admin.get_by_role("button", name="Enregistrer la décision et prévenir l'organisateur").click()
    expect(admin.get_by_text("L'organisateur a été prévenu par courriel.")).to_be_visible()
    admin.screenshot(path=SHOTS / "organisers-admin-inspect-desktop.png", full_page=True)
    staff.close()
    proposal.refresh_from_db()
    webinar = proposal.webinar
    session = webinar.sessions.get()

    # 4. The organiser signs in by email link.
    page.goto("/espace-organisateur/connexion/")
    assert_accessible(page)
    page.fill("[name=email]", email)
    page.get_by_role("button", name="M'envoyer un lien de connexion").click()
    expect(page.get_by_text("un lien de connexion vous a été envoyé")).to_be_visible()
    page.goto(link(email, r"/espace-organisateur/connexion/lien/[^\s/]+/"))
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Mon espace organisateur")
    assert_accessible(page)
    shoot(page, "space", mobile_page)

    # 5. A registration comes in, from the public webinar page.
    visitor = browser.new_context(locale="fr-FR", base_url=page.url.split("/espace")[0]).new_page()
    visitor.goto(webinar.url)
    form = visitor.locator(f"#inscription-{session.pk}")
    form.get_by_label("Prénom").fill("Jeanne")
    form.get_by_label("Nom", exact=True).fill("Dupont")
    form.get_by_label("Adresse électronique").fill("jeanne@example.org")
    form.get_by_label("Vous êtes").select_option(label="Professionnels de santé")
    form.get_by_label("Département").select_option(value="35")
    form.get_by_role("button", name="S'inscrire").click()
    expect(visitor.locator("h1")).to_have_text("Merci de votre inscription")
    visitor.context.close()

    page.goto(f"/espace-organisateur/webinaire/{webinar.pk}/")
    assert_accessible(page)
    shoot(page, "webinar", mobile_page)
    page.get_by_role("link", name=re.compile(r"\d{4}, 10:00")).click()
    expect(page.get_by_role("cell", name="Jeanne Dupont", exact=True)).to_be_visible()
    assert_accessible(page)
    shoot(page, "session", mobile_page)

    # 6. Export, then write to the registrants.
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    assert "Jeanne" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.get_by_role("link", name="Écrire aux inscrits").first.click()
    assert_accessible(page)
    page.fill("[name=subject]", "Le lien de connexion")
    page.fill("[name=body]", "Rendez-vous à 10 h sur Zoom.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("une copie vous a été envoyée")).to_be_visible()
    assert [m.to for m in mail.outbox if m.subject == "Le lien de connexion"] == [["jeanne@example.org"]]
    assert any(m.to == [email] and m.subject.startswith("Copie") for m in mail.outbox)
    assert page.csp_errors == []
