"""Register, cancel, move and the waiting list, in Chromium, with axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from tests.events.registration_helpers import make_session, make_webinar, registration_data
from tests.factories import CommunityFactory


@pytest.fixture
def programme(e2e_site):
    community = CommunityFactory(name="Professionnels de santé", slug="professionnels-de-sante")
    webinar = make_webinar(e2e_site, title="Le DMP au cabinet")
    first = make_session(webinar, capacity=5, start_in_hours=72)
    second = make_session(webinar, capacity=5, start_in_hours=24 * 8)
    return {"community": community, "webinar": webinar, "first": first, "second": second}


def fill_form(form, email):
    form.get_by_label("Prénom").fill("Camille")
    form.get_by_label("Nom", exact=True).fill("Martin")
    form.get_by_label("Adresse électronique").fill(email)
    form.get_by_label("Organisation").fill("CHU de Rennes")
    form.get_by_label("Vous êtes").select_option(label="Professionnels de santé")
    form.get_by_label("Département").select_option(value="35")


def personal_path(email):
    [message] = [m for m in mail.outbox if m.to == [email]][-1:]
    return re.search(r"https?://[^/\s]+(/mon-inscription/[^\s/]+/)", message.body).group(1)


def test_register_from_the_webinar_page_then_move_then_cancel(page, programme, assert_accessible):
    webinar, first, second = programme["webinar"], programme["first"], programme["second"]
    page.goto(webinar.url)
    form = page.locator(f"#inscription-{first.pk}")
    expect(form.get_by_text("Vos données personnelles")).to_be_visible()
    assert_accessible(page)
    fill_form(form, "camille@example.org")
    form.get_by_role("button", name="S'inscrire").click()

    expect(page.locator("h1")).to_have_text("Merci de votre inscription")
    expect(page.get_by_text("Et maintenant ?")).to_be_visible()
    assert_accessible(page)
    assert Registration.objects.get().session_id == first.pk

    page.goto(personal_path("camille@example.org"))
    expect(page.locator("h1")).to_have_text("Mon inscription")
    expect(page.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    expect(page.get_by_role("link", name=first.join_url)).to_be_visible()
    assert_accessible(page)

    page.locator(f"label[for=move-{second.pk}]").click()
    page.get_by_role("button", name="Déplacer mon inscription").click()
    expect(page.get_by_text("Votre inscription a été déplacée.")).to_be_visible()
    expect(page.get_by_role("link", name=second.join_url)).to_be_visible()
    assert Registration.objects.get().session_id == second.pk
    assert_accessible(page)

    page.get_by_role("link", name="Annuler mon inscription").click()
    expect(page.locator("h1")).to_have_text("Annuler mon inscription")
    assert_accessible(page)
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.get_by_text("Cette inscription est annulée.")).to_be_visible()
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert page.csp_errors == []


def test_full_session_offers_the_waiting_list_and_tells_the_place(page, programme, assert_accessible):
    from events import services

    first = programme["first"]
    for i in range(first.capacity):
        services.registration_create(session=first, data=registration_data(email=f"p{i}@example.org"))
    page.goto(f"/inscription/{first.pk}/")
    expect(page.get_by_text("Cette session est complète.")).to_be_visible()
    assert_accessible(page)
    fill_form(page.locator(f"#inscription-{first.pk}"), "attente@example.org")
    page.get_by_role("button", name="Rejoindre la liste d'attente").click()
    expect(page.locator("h1")).to_have_text("Vous êtes sur la liste d'attente")
    expect(page.get_by_text("Vous êtes numéro 1 sur la liste d'attente.")).to_be_visible()
    assert_accessible(page)

    page.goto(personal_path("attente@example.org"))
    expect(page.get_by_text("Vous êtes numéro 1 sur la liste d'attente.")).to_be_visible()
    assert_accessible(page)
    # A seat frees up: the first in line is promoted and told.
    services.registration_cancel(registration=Registration.objects.get(email="p0@example.org"))
    page.reload()
    expect(page.get_by_text("Votre inscription est confirmée.")).to_be_visible()
    assert any("Une place pour vous" in m.subject for m in mail.outbox if m.to == ["attente@example.org"])


def test_errors_are_shown_in_the_dsfr_way(page, programme, assert_accessible):
    first = programme["first"]
    page.goto(f"/inscription/{first.pk}/")
    form = page.locator(f"#inscription-{first.pk}")
    form.get_by_label("Adresse électronique").fill("pas-une-adresse")
    form.get_by_role("button", name="S'inscrire").click()
    # DSFR/RGAA: the title starts with « Erreur », focus is on the summary, its links lead to the fields.
    assert page.title().startswith("Erreur : ")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Le formulaire contient 4 erreurs")
    summary.get_by_role("link", name=re.compile("^Adresse électronique")).click()
    expect(page.get_by_label("Adresse électronique")).to_be_focused()
    email = page.get_by_label("Adresse électronique")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#s{first.pk}-email-error")).to_have_text("Saisissez une adresse de courriel valide.")
    assert_accessible(page)
    assert Registration.objects.count() == 0


def test_forged_personal_link_is_a_friendly_page(page, programme, assert_accessible):
    response = page.goto("/mon-inscription/faux-lien/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Ce lien n'est pas valide")
    assert_accessible(page)
