"""The webinar editor's recurrence panel, used as an editor would, in Chromium."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import ProgrammePage, WebinarPage
from tests.factories import ProgrammePageFactory

SHOTS = Path("var/screenshots")


@pytest.fixture
def editor(e2e_site, django_user_model):
    django_user_model.objects.create_superuser("editrice", "editrice@example.org", "motdepasse-e2e")
    return ProgrammePage.objects.first() or ProgrammePageFactory(parent=e2e_site, title="Programme", slug="programme")


def login(page):
    page.goto("/admin/login/")
    page.locator("#id_username").fill("editrice")
    page.locator("#id_password").fill("motdepasse-e2e")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("width", [1280, 375])
def test_editor_builds_a_rule_sees_the_dates_and_the_cap(page, editor, assert_accessible, width):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": width, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page)
    page.goto(f"/admin/pages/add/events/webinarpage/{editor.pk}/")
    page.locator("#id_title").fill("Le DMP chaque semaine")
    page.locator("#id_summary").fill("Un webinaire récurrent.")
    page.get_by_role("tab", name="Sessions").click()
    page.get_by_label("Première date").fill("2027-01-05")
    page.get_by_label("Heure de début (Paris)").fill("10:00")
    page.get_by_label("Répétition").select_option(label="Toutes les semaines")
    page.get_by_label("Mardi").check()
    page.get_by_label("Jeudi").check()
    page.get_by_label("Jusqu’à une date").check()
    page.get_by_label("Dernière date").fill("2027-12-31")
    page.get_by_label("Dates exclues").fill("12/01/2027")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    # Too many sessions: a clear message, nothing saved.
    page.get_by_role("tab", name="Sessions").click()
    expect(page.get_by_text("Cette règle crée plus de 40 sessions.").first).to_be_visible()
    page.screenshot(path=str(SHOTS / f"recurrence-panel-cap-{width}.png"), full_page=True)
    assert not WebinarPage.objects.exists()
    page.get_by_label("Dernière date").fill("2027-01-31")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.get_by_role("tab", name="Sessions").click()
    preview = page.locator("#recurrence-preview")
    expect(preview).to_contain_text("cette règle donne 7 sessions")
    expect(preview.locator("li").first).to_have_text("mardi 5 janvier 2027, 10\u00a0h\u00a000")
    # Every field is visible and nothing overlaps the duration field.
    for label in ("Durée (minutes)", "Dernière date", "Nombre de sessions", "Dates supplémentaires"):
        expect(page.get_by_label(label)).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    preview.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"recurrence-panel-{width}.png"), full_page=True)
    panel_id = preview.evaluate("e => e.closest('[role=tabpanel]').id")
    results = Axe().run(
        page,
        context={"include": [[f"#{panel_id}"]]},
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    assert results.response["violations"] == [], results.generate_report()
    webinar = WebinarPage.objects.get()
    assert len(webinar.recurrence_all_occurrences()) == 7
