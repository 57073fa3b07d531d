"""The staff dashboard in the Wagtail admin, as DNS staff see it: axe, screenshots, an export."""

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from tests.events.fixtures_programme import in_days, make_taxonomy
from tests.factories import ProgrammePageFactory, RegistrationFactory, SessionFactory, WebinarPageFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def staff_page(browser, live_server, e2e_site, django_user_model):
    programme = ProgrammePageFactory(parent=e2e_site, title="Programme", slug="programme")
    t = make_taxonomy()
    webinars = [
        WebinarPageFactory(parent=programme, title="Le DMP en Bretagne", region="53", organiser=t["ars"]),
        WebinarPageFactory(parent=programme, title="Mon espace santé pour tous", region="", organiser=t["patients"]),
    ]
    departments = ["35", "75", "29", "13", "", "69"]
    for i, webinar in enumerate(webinars):
        upcoming = SessionFactory(webinar=webinar, start=in_days(5 + i), end=in_days(5 + i, hour=11), capacity=30)
        past = SessionFactory(webinar=webinar, start=in_days(-15 - i), end=in_days(-15 - i, hour=11), capacity=30)
        for j in range(12 + 6 * i):
            reg = RegistrationFactory(
                session=upcoming if j % 2 else past,
                department=departments[j % len(departments)],
                community=t["pros"] if j % 3 else t["citoyens"],
                attended=(j % 4 != 0) if not j % 2 else None,
            )
            Registration.objects.filter(pk=reg.pk).update(created_at=timezone.now() - datetime.timedelta(days=3 * j))
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "staff-password")
    client = Client()
    client.force_login(staff)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(60_000)  # the admin pages are heavy on a shared, loaded machine
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Tour de France : chiffres clés")).to_be_visible()
    yield page
    context.close()


REPORTS = [
    "upcoming-sessions",
    "registrations-over-time",
    "registrations-by-region",
    "registrations-by-department",
    "registrations-by-community",
    "attendance",
    "webinars-by-organiser-type",
]


def test_admin_home_and_every_report_are_accessible(staff_page, assert_accessible):
    page = staff_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect(page.locator("svg.dashboard-chart__svg")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-home-1280.png"), full_page=True)
    for slug in REPORTS:
        page.goto(f"/admin/tableau-de-bord/{slug}/")
        expect(page.locator("main table")).to_be_visible()
        assert_accessible(page)
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-{slug}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/admin/tableau-de-bord/registrations-by-region/")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-registrations-by-region-375.png"), full_page=True)
    page.goto("/admin/")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-home-375.png"), full_page=True)


def test_filter_a_report_by_region_and_download_it(staff_page):
    page = staff_page
    page.goto("/admin/tableau-de-bord/upcoming-sessions/?region=53")
    expect(page.get_by_role("cell", name="Le DMP en Bretagne")).to_be_visible()
    expect(page.get_by_role("cell", name="Mon espace santé pour tous")).to_have_count(0)
    # The export links sit in the header's "more" menu; follow the CSV one with the staff session.
    page.locator("#w-slim-header-buttons button").first.click()
    href = page.get_by_role("link", name="Télécharger en CSV").get_attribute("href")
    assert "region=53" in href and "export=csv" in href
    content = page.context.request.get(href).body().decode("utf-8-sig")
    assert content.splitlines()[1].startswith("Le DMP en Bretagne,")
