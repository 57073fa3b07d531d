"""Cached public pages in Chromium: no cookie on view, the map draws, registering still works."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from events.models import Registration
from tests.e2e.test_registration import fill_form, programme  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_register_from_a_cached_webinar_page_without_any_cookie(page, programme):  # noqa: F811
    webinar, first = programme["webinar"], programme["first"]
    assert page.goto(webinar.url).headers["x-cache"] == "MISS"
    page.reload()
    response = page.goto(webinar.url)
    assert response.headers["x-cache"] == "HIT"
    assert response.headers["cache-control"] == "public, max-age=30"
    assert page.context.cookies() == []  # nothing set on page view
    form = page.locator(f"#inscription-{first.pk}")
    fill_form(form, "cache@example.org")
    form.get_by_role("button", name="S'inscrire").click()
    expect(page.locator("h1")).to_have_text("Merci de votre inscription")
    assert Registration.objects.get(email="cache@example.org").session_id == first.pk


def test_the_map_draws_its_regions_from_the_static_outlines(page, e2e_site, assert_accessible):
    from tests.factories import ProgrammePageFactory

    ProgrammePageFactory(parent=e2e_site, title="Programme", slug="programme")
    page.goto("/programme/")
    region = page.locator(".france-map__svg use").first
    box = region.bounding_box()
    assert box and box["width"] > 10 and box["height"] > 10  # the outline file loaded and drew
    assert page.csp_errors == []
    assert_accessible(page)
