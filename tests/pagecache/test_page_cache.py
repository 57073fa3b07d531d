"""The public page cache: what is stored, when it goes, and the headers of each kind of page."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from events.map_paths import regions_svg
from events.models import Registration, Session
from pagecache import cache as pagecache
from pagecache import frontend
from tests.events import registration_helpers
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    fill,
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)
from tests.events.registration_helpers import form_data

pytestmark = pytest.mark.django_db
community = registration_helpers.community

WEBINAR = "/programme/dmp-bretagne/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """The cache's clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr("pagecache.cache.time.time", lambda: now[0])
    monkeypatch.setattr("pagecache.middleware.time.time", lambda: now[0])
    return now


def seats(html, session):
    section = html.split(f'id="session-{session.pk}"')[1]
    return int(re.search(r"(\d+) places? restantes?", section).group(1))


def test_anonymous_page_is_stored_then_served_from_the_cache(client, webinars):
    first = client.get(WEBINAR)
    second = client.get(WEBINAR)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Cache-Control"] == "public, max-age=30"
    assert "Content-Security-Policy" in second


def test_the_query_string_is_normalised(client, webinars):
    assert client.get("/programme/?theme=dmp&region=&page=")["X-Cache"] == "MISS"
    assert client.get("/programme/?region=&theme=dmp")["X-Cache"] == "HIT"
    assert client.get("/programme/?theme=messagerie-securisee")["X-Cache"] == "MISS"


def test_publishing_a_page_drops_the_cached_pages(client, webinars, django_capture_on_commit_callbacks):
    assert client.get(WEBINAR)["X-Cache"] == "MISS"
    assert client.get("/programme/")["X-Cache"] == "MISS"
    webinar = webinars["bretagne"]
    webinar.title = "Le DMP en Bretagne, nouvelle formule"
    with django_capture_on_commit_callbacks(execute=True):
        webinar.save_revision().publish()
    for path in (WEBINAR, "/programme/"):
        response = client.get(path)
        assert response["X-Cache"] == "MISS"
        assert "Le DMP en Bretagne, nouvelle formule" in response.content.decode()


def test_unpublishing_a_page_drops_the_cached_pages(client, webinars, django_capture_on_commit_callbacks):
    assert "Le DMP en Bretagne" in client.get("/programme/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        webinars["bretagne"].unpublish()
    assert "Le DMP en Bretagne" not in client.get("/programme/").content.decode()
    assert client.get(WEBINAR).status_code == 404


def test_a_session_change_drops_the_cached_pages(client, webinars, django_capture_on_commit_callbacks):
    session = webinars["bretagne_1"]
    assert "This session is cancelled." not in client.get(WEBINAR).content.decode()
    session.status = Session.Status.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    response = client.get(WEBINAR)
    assert response["X-Cache"] == "MISS"
    assert "Cette session est annulée." in response.content.decode()


def test_a_staff_edit_of_a_theme_drops_the_cached_programme(
    client, webinars, taxonomy, django_capture_on_commit_callbacks
):
    assert "Dossier médical partagé" not in client.get("/programme/").content.decode()
    theme = taxonomy["dmp"]
    theme.name = "Dossier médical partagé"
    with django_capture_on_commit_callbacks(execute=True):
        theme.save()
    assert "Dossier médical partagé" in client.get("/programme/").content.decode()


def test_a_site_settings_edit_drops_every_cached_page(client, site_root, django_capture_on_commit_callbacks):
    from home.models import SiteSettings

    assert client.get("/mentions-legales/")["X-Cache"] == "MISS"
    settings_row = SiteSettings.objects.first() or SiteSettings.objects.create(site_id=site_root.get_site().pk)
    settings_row.tagline = "Un nouveau slogan"
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.save()
    response = client.get("/mentions-legales/")
    assert response["X-Cache"] == "MISS"
    assert "Un nouveau slogan" in response.content.decode()


def test_seats_left_are_never_older_than_the_bound(client, webinars, clock):
    session = webinars["bretagne_1"]
    assert seats(client.get(WEBINAR).content.decode(), session) == 20
    fill(session, 4)  # registrations do not touch the cache
    clock[0] += 29
    cached = client.get(WEBINAR)
    assert cached["X-Cache"] == "HIT"
    assert seats(cached.content.decode(), session) == 20
    # A proxy or browser keeps it no longer than the rest of the 30 seconds either.
    assert cached["Cache-Control"] == "public, max-age=30"
    assert cached["Age"] == "29"
    clock[0] += 1
    fresh = client.get(WEBINAR)
    assert fresh["X-Cache"] == "MISS"
    assert seats(fresh.content.decode(), session) == 16


def test_a_registration_decides_live_whatever_the_cache_shows(client, webinars, community):
    session = webinars["bretagne_2"]  # 5 seats
    assert "Join the waiting list" not in client.get(WEBINAR).content.decode()
    fill(session, 5)
    assert client.get(WEBINAR)["X-Cache"] == "HIT"  # still shows the session open
    response = client.post(f"/inscription/{session.pk}/", form_data(community, email="late@example.org"))
    assert response.status_code == 302
    assert Registration.objects.get(email="late@example.org").status == Registration.Status.WAITLISTED


def test_staff_see_public_pages_uncached_and_never_stored(admin_client, client, webinars):
    staff = admin_client.get(WEBINAR)
    assert staff.status_code == 200
    assert staff["Cache-Control"] == "private, no-cache"
    assert "X-Cache" not in staff
    assert client.get(WEBINAR)["X-Cache"] == "MISS"  # the staff version was not stored
    assert admin_client.get(WEBINAR)["Cache-Control"] == "private, no-cache"


def test_admin_and_personal_pages_are_never_cached(admin_client, client, webinars, community):
    admin = admin_client.get("/admin/")
    assert "private" in admin["Cache-Control"]
    assert "X-Cache" not in admin
    session = webinars["bretagne_1"]
    client.post(f"/inscription/{session.pk}/", form_data(community, email="me@example.org"))
    token = Registration.objects.get(email="me@example.org").personal_token()
    for path in (f"/mon-inscription/{token}/", f"/inscription/{session.pk}/"):
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200
            assert "X-Cache" not in response
            assert "no-store" in response["Cache-Control"]
            assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "cache_control"),
    [
        ("/", "public, max-age=30"),
        ("/programme/", "public, max-age=30"),
        ("/programme/passees/", "public, max-age=30"),
        (WEBINAR, "public, max-age=30"),
        ("/en/programme/", "public, max-age=30"),
        ("/mentions-legales/", "public, max-age=300"),
        ("/plan-du-site/", "public, max-age=300"),
        ("/sitemap.xml", "public, max-age=300"),
        ("/programme/agenda.ics", "public, max-age=900"),
        ("/recherche/?q=dmp", "private, no-cache"),
        ("/page-qui-n-existe-pas/", "private, no-cache"),
    ],
)
def test_headers_per_kind_of_page(client, webinars, path, cache_control, settings):
    for enabled in (True, False):  # the same headers with the page cache off (a CDN in front still needs them)
        settings.PAGECACHE_ENABLED = enabled
        response = client.get(path)
        assert response["Cache-Control"] == cache_control, path
        assert not response.cookies, path
        vary = response.get("Vary", "").lower()
        if cache_control.startswith("public"):
            assert response.status_code == 200
            assert "cookie" not in vary
            assert "accept-language" not in vary


def test_public_pages_set_no_cookie_and_no_csrf_token(client, webinars):
    html = client.get(WEBINAR).content.decode()
    assert f'id="inscription-{webinars["bretagne_1"].pk}"' in html  # the form is on the page
    assert "csrfmiddlewaretoken" not in html
    assert "nonce=" not in html


def test_a_forged_cross_site_registration_is_refused(webinars, community):
    client = Client(enforce_csrf_checks=True)
    session = webinars["bretagne_1"]
    url = f"/inscription/{session.pk}/"
    forged = [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "https://evil.example/form"},
        {},  # a browser always says where a POST comes from
    ]
    for headers in forged:
        response = client.post(url, form_data(community), **headers)
        assert response.status_code == 403, headers
    assert not session.registrations.exists()
    ok = client.post(url, form_data(community), HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert ok.status_code == 302
    assert session.registrations.count() == 1
    assert not ok.cookies


def test_cache_failures_fall_back_to_rendering(client, webinars, monkeypatch):
    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(pagecache, "cache", Broken())
    for path in (WEBINAR, "/programme/?theme=dmp", "/programme/agenda.ics"):
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert response["Cache-Control"].startswith("public")


def test_the_feed_is_rebuilt_by_one_process_while_the_others_serve_the_previous_one(
    client, webinars, django_capture_on_commit_callbacks
):
    first = client.get("/programme/agenda.ics")
    assert first["X-Cache"] == "MISS"
    key = pagecache.entry_key(first.wsgi_request)
    # Staff change the programme while another process holds the rebuild lock:
    # this one serves the previous feed instead of building it too.
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate()
    assert pagecache.rebuild_lock(key)
    assert client.get("/programme/agenda.ics")["X-Cache"] == "HIT"
    pagecache.release_lock(key)
    assert client.get("/programme/agenda.ics")["X-Cache"] == "MISS"


def test_programme_counts_are_cached_per_filter_set(client, webinars, settings):
    settings.PAGECACHE_ENABLED = False  # the page itself rendered each time
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        client.get("/programme/?theme=dmp")
    with CaptureQueriesContext(connection) as warm:
        client.get("/programme/?theme=dmp")
    with CaptureQueriesContext(connection) as other:
        client.get("/programme/?theme=messagerie-securisee")
    # Five facet counts and the region counts come from the cache, for the same filters only.
    assert len(other) - len(warm) == 6
    assert len(cold) >= len(other)


def test_a_session_change_purges_the_cdn_in_both_languages(
    webinars, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend"}}
    purged = []
    monkeypatch.setattr("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache", lambda urls: purged.extend(urls))
    assert frontend.configured()
    session = webinars["bretagne_1"]
    session.capacity = 30
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    paths = sorted(url.split("://", 1)[1].split("/", 1)[1] for url in purged)
    assert paths == sorted(
        ["", "en/", "programme/", "en/programme/", "programme/dmp-bretagne/", "en/programme/dmp-bretagne/"]
    )


def test_the_map_outlines_file_matches_the_region_data(settings):
    path = settings.BASE_DIR / "static" / "events" / "france-regions.svg"
    assert path.read_text() == regions_svg()


def test_the_map_draws_from_the_static_outlines(client, webinars):
    html = client.get("/programme/").content.decode()
    assert 'href="/static/events/france-regions.svg#r53"' in html
    assert " d=" not in html.split('class="france-map__svg"')[1].split("</svg>")[0]
    assert 'aria-label="Bretagne : 1 webinaire"' in html or "Bretagne" in html
