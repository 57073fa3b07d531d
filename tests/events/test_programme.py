import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Session, WebinarPage
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    fill,
    in_days,
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)
from tests.factories import SessionFactory, WebinarPageFactory

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'<h4 class="fr-card__title"><a href="[^"]+">([^<]+)</a>', html)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_programme_lists_upcoming_sessions_by_month_in_french(client, webinars):
    html = get(client, "/programme/")
    assert "4 sessions à venir" in html
    assert "La liste montre aussi 1 session annulée." in html
    assert titles(html) == [
        "Mon espace santé pour tous",
        "Le DMP en Bretagne",
        "La messagerie sécurisée à Paris",
        "Mon espace santé pour tous",
        "Le DMP en Bretagne",
    ]
    assert "Filtrer le programme" in html
    assert 'class="fr-h5 programme-month"' in html
    assert "Complet" in html  # the Paris session is full
    assert "Annulée" in html


def test_join_link_never_appears_on_public_pages(client, webinars):
    for url in ["/programme/", "/programme/passees/", "/programme/dmp-bretagne/", "/programme/agenda.ics"]:
        assert "secret-room" not in get(client, url)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=dmp", {"Le DMP en Bretagne", "Mon espace santé pour tous"}),
        ("communaute=citoyens", {"La messagerie sécurisée à Paris", "Mon espace santé pour tous"}),
        ("region=53", {"Le DMP en Bretagne"}),
        ("region=national", {"Mon espace santé pour tous"}),
        ("departement=75", {"La messagerie sécurisée à Paris"}),
        ("organisateur=ars", {"Le DMP en Bretagne"}),
        ("q=messagerie", {"La messagerie sécurisée à Paris"}),
        ("q=france+assos", {"La messagerie sécurisée à Paris", "Mon espace santé pour tous"}),
        ("theme=dmp&region=53", {"Le DMP en Bretagne"}),
    ],
)
def test_filters_narrow_the_programme(client, webinars, query, expected):
    assert set(titles(get(client, f"/programme/?{query}"))) == expected


def test_seats_left_filter_drops_full_and_cancelled_sessions(client, webinars):
    html = get(client, "/programme/?places=1")
    assert "La messagerie sécurisée à Paris" not in titles(html)
    assert "3 sessions" in html
    assert "Annulée" not in html


def test_date_range_filter_uses_paris_days(client, webinars):
    day = webinars["national_1"].start.date().isoformat()
    html = get(client, f"/programme/?du={day}&au={day}")
    assert titles(html) == ["Mon espace santé pour tous"]
    assert "1 session à venir" in html


def test_filter_options_show_counts_of_the_other_filters(client, webinars):
    html = get(client, "/programme/?region=53")
    # Theme counts within Bretagne: 2 DMP sessions, no messagerie.
    assert '<option value="dmp">DMP (2)</option>' in html
    assert '<option value="messagerie-securisee">Messagerie sécurisée (0)</option>' in html
    # Region counts ignore the region filter itself.
    assert '<option value="11">Île-de-France (1)</option>' in html
    assert '<option value="53" selected>Bretagne (2)</option>' in html
    # Only the departments of the chosen region are offered.
    assert '<option value="35">35 – Ille-et-Vilaine (2)</option>' in html
    assert "75 – Paris" not in html


def test_filters_live_in_the_url_of_the_feed_and_tabs(client, webinars):
    html = get(client, "/programme/?theme=dmp&region=53")
    assert 'href="webcal://127.0.0.1:8000/programme/agenda.ics?theme=dmp&amp;region=53"' in html
    assert 'href="/programme/passees/?theme=dmp&amp;region=53"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("theme=inconnu", "Thème"),
        ("communaute=%3Cscript%3E", "Communauté"),
        ("region=99", "Région"),
        ("departement=2C", "Département"),
        ("organisateur=martiens", "Type d’organisateur"),
        ("du=2026-02-31", "Du « 2026-02-31 »"),
        ("au=demain", "Au « demain »"),
        ("page=abc", "Page"),
        ("page=99999999999999999999", "Page"),
        ("page=-3", "Page"),
    ],
)
def test_bad_filter_values_are_ignored_with_an_alert(client, webinars, query, field):
    html = get(client, f"/programme/?{query}")
    assert "fr-alert--warning" in html
    assert "Certains filtres ont été ignorés" in html
    assert field in html
    assert "<script>" not in html
    assert len(titles(html)) == 5


def test_department_outside_the_region_is_ignored(client, webinars):
    html = get(client, "/programme/?region=53&departement=75")
    assert "Certains filtres ont été ignorés" in html
    assert set(titles(html)) == {"Le DMP en Bretagne"}


def test_huge_page_number_shows_the_last_page(client, webinars):
    html = get(client, "/programme/?page=500")
    assert "Certains filtres ont été ignorés" in html
    assert len(titles(html)) == 5


def test_pagination_by_twenty(client, webinars):
    for i in range(25):
        SessionFactory(webinar=webinars["bretagne"], start=in_days(50 + i), end=in_days(50 + i, hour=11))
    first = get(client, "/programme/")
    second = get(client, "/programme/?page=2")
    assert len(titles(first)) == 20
    assert len(titles(second)) == 10
    assert 'aria-label="Pagination"' in first


def test_past_tab_lists_past_sessions_with_replays_newest_first(client, webinars):
    html = get(client, "/programme/passees/")
    assert titles(html) == ["Mon espace santé pour tous"]
    assert "Replay disponible" in html
    assert 'aria-current="page">Sessions passées et replays' in html


def test_draft_and_unpublished_webinars_are_not_listed(client, webinars):
    webinars["bretagne"].unpublish()
    assert "Le DMP en Bretagne" not in titles(get(client, "/programme/"))


def test_map_links_filter_by_region_and_has_a_text_alternative(client, webinars):
    html = get(client, "/programme/")
    assert re.search(r'<a href="/programme/\?region=53" aria-label="Bretagne : 1 webinaire"', html)
    assert 'aria-label="Île-de-France : 1 webinaire"' in html
    assert '<a class="fr-link fr-link--sm" href="/programme/?region=53">Bretagne</a> : 1 webinaire' in html
    assert "Normandie : 0 webinaire" in html


def _programme_queries(client):
    """Queries of the programme with cold caches, then with warm ones (counts cached per filter set)."""
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/programme/").status_code == 200
        counts.append(len(queries))
    return counts


def test_programme_query_count_does_not_grow_with_the_programme(client, webinars, programme, taxonomy):
    client.get("/programme/")  # warm caches (site root paths, settings)
    small = _programme_queries(client)
    for i in range(30):
        webinar = WebinarPageFactory(
            parent=programme,
            region="84",
            themes=[taxonomy["dmp"]],
            communities=[taxonomy["pros"], taxonomy["citoyens"]],
            organiser=taxonomy["ars"],
        )
        for j in range(2):
            session = SessionFactory(webinar=webinar, start=in_days(3 + i + j), end=in_days(3 + i + j, hour=12))
        fill(session, 2)
    large = _programme_queries(client)
    assert WebinarPage.objects.count() == 33
    assert Session.objects.count() > 60
    assert large == small
