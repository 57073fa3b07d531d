import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.events.fixtures_programme import fill, in_days, make_taxonomy
from tests.factories import (
    ProgrammePageFactory,
    SessionFactory,
    WebinarPageFactory,
)


@pytest.fixture
def programme_site(e2e_site):
    programme = ProgrammePageFactory(parent=e2e_site, title="Programme", slug="programme")
    t = make_taxonomy()
    dmp, messagerie, pros, ars = t["dmp"], t["messagerie"], t["pros"], t["ars"]
    bretagne = WebinarPageFactory(
        parent=programme,
        title="Le DMP en Bretagne",
        slug="dmp-bretagne",
        summary="Alimenter le DMP depuis le cabinet.",
        region="53",
        department="35",
        organiser=ars,
        themes=[dmp],
        communities=[pros],
    )
    paris = WebinarPageFactory(
        parent=programme,
        title="La messagerie sécurisée à Paris",
        slug="messagerie-paris",
        summary="Écrire à ses patients.",
        region="11",
        themes=[messagerie],
        communities=[pros],
    )
    SessionFactory(webinar=bretagne, start=in_days(10), end=in_days(10, hour=11), capacity=20)
    full = SessionFactory(webinar=paris, start=in_days(12), end=in_days(12, hour=11), capacity=2)
    fill(full, 2)
    SessionFactory(
        webinar=bretagne, start=in_days(-10), end=in_days(-10, hour=11), replay_url="https://replay.example.org/x"
    )
    return programme


def test_filter_the_programme_use_the_map_and_download_a_session(page, programme_site, assert_accessible):
    page.goto("/programme/")
    expect(page.locator("h1")).to_have_text("Programme")
    expect(page.get_by_role("heading", name="2 sessions")).to_be_visible()
    assert_accessible(page)

    # Filters work as a plain GET form: the URL carries them.
    page.get_by_label("Thème", exact=True).select_option("messagerie-securisee")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"theme=messagerie-securisee"))
    expect(page.get_by_role("heading", name="1 session")).to_be_visible()
    expect(page.get_by_role("link", name="La messagerie sécurisée à Paris")).to_be_visible()
    expect(page.get_by_text("Complet")).to_be_visible()
    assert_accessible(page)

    # Back button returns to the unfiltered programme.
    page.go_back()
    expect(page.get_by_role("heading", name="2 sessions")).to_be_visible()

    # The map: a region is a link that filters.
    page.locator('svg a[aria-label="Bretagne : 1 webinaire"]').click()
    expect(page).to_have_url(re.compile(r"region=53"))
    expect(page.get_by_role("heading", name="1 session")).to_be_visible()
    expect(page.get_by_role("link", name="Le DMP en Bretagne")).to_be_visible()
    assert_accessible(page)

    # Bad input: a clear alert, never an error page.
    page.goto("/programme/?theme=inconnu&du=2026-99-99&page=9999")
    expect(page.get_by_role("alert")).to_contain_text("Certains filtres ont été ignorés")
    assert_accessible(page)

    # Past sessions with their replay.
    page.goto("/programme/")
    page.get_by_role("link", name="Sessions passées et replays").click()
    expect(page.get_by_text("Replay disponible")).to_be_visible()
    assert_accessible(page)

    # A webinar page and its calendar file.
    page.goto("/programme/")
    page.get_by_role("link", name="Le DMP en Bretagne").click()
    expect(page.locator("h1")).to_have_text("Le DMP en Bretagne")
    expect(page.get_by_text("20 places restantes")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Fichier agenda")).first.click()
    download = download_info.value
    assert download.suggested_filename.startswith("dmp-bretagne-")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in content
    assert "TZID:Europe/Paris" in content
    assert page.csp_errors == []


def test_home_shows_the_programme_and_map(page, programme_site, assert_accessible):
    page.goto("/")
    expect(page.get_by_role("heading", name="Prochaines sessions")).to_be_visible()
    assert_accessible(page)
    page.locator('svg a[aria-label="Île-de-France : 1 webinaire"]').click()
    expect(page).to_have_url(re.compile(r"/programme/\?region=11"))
    expect(page.get_by_role("link", name="La messagerie sécurisée à Paris")).to_be_visible()


def test_programme_on_a_small_screen(mobile_page, programme_site, assert_accessible):
    mobile_page.goto("/programme/")
    # The sessions come first: filters and map fold behind a disclosure button.
    toggle = mobile_page.get_by_role("button", name="Filtres et carte")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(mobile_page.get_by_role("button", name="Appliquer les filtres")).to_be_hidden()
    expect(mobile_page.get_by_role("link", name="Le DMP en Bretagne")).to_be_visible()
    assert_accessible(mobile_page)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(mobile_page.get_by_role("button", name="Appliquer les filtres")).to_be_visible()
    # Nothing wider than the screen.
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert_accessible(mobile_page)
    # Applying the filters lands on the results, filters folded, the results heading focused.
    mobile_page.get_by_label("Région", exact=True).select_option(value="53")
    mobile_page.get_by_role("button", name="Appliquer les filtres").click()
    expect(mobile_page).to_have_url(re.compile(r"/programme/\?.*region=53.*#results$"))
    expect(mobile_page.get_by_role("button", name="Filtres et carte (1)")).to_have_attribute("aria-expanded", "false")
    results = mobile_page.locator("#results")
    expect(results).to_be_focused()
    expect(results).to_be_in_viewport()
    expect(mobile_page.get_by_role("link", name="Le DMP en Bretagne")).to_be_in_viewport()
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    mobile_page.screenshot(path="var/screenshots/programme-phone-after-filters.png")
    assert_accessible(mobile_page)
