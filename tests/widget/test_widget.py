"""The embeddable programme widget: its filters, its links, and framing allowed for it alone."""

import html
import re

import pytest

from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)

pytestmark = pytest.mark.django_db


def card_titles(body):
    return re.findall(r'<h4 class="fr-card__title"><a href="[^"]+" target="_top">([^<]+)</a>', body)


def test_widget_shows_the_filtered_programme_with_links_opening_in_the_top_window(client, webinars):
    response = client.get("/widget/programme/?region=53")
    assert response.status_code == 200
    body = response.content.decode()
    assert card_titles(body) == ["Le DMP en Bretagne", "Le DMP en Bretagne"]
    assert 'href="http://127.0.0.1:8000/programme/dmp-bretagne/" target="_top"' in body
    assert 'href="http://127.0.0.1:8000/programme/?region=53" target="_top"' in body
    assert "<header" not in body  # no page chrome inside a partner's page


def test_widget_filters_by_theme_community_and_department_and_skips_cancelled(client, webinars):
    assert card_titles(client.get("/widget/programme/?theme=messagerie-securisee").content.decode()) == [
        "Mon espace santé pour tous",
        "La messagerie sécurisée à Paris",
    ]
    assert card_titles(client.get("/widget/programme/?departement=75").content.decode()) == [
        "La messagerie sécurisée à Paris"
    ]
    assert card_titles(client.get("/widget/programme/?communaute=citoyens&nombre=1").content.decode()) == [
        "Mon espace santé pour tous"
    ]


def test_widget_with_bad_filters_still_answers_and_says_so(client, webinars):
    response = client.get("/widget/programme/?region=99&nombre=abc&du=yesterday")
    assert response.status_code == 200
    assert len(card_titles(response.content.decode())) == 4
    assert "ignorés" in response.content.decode()


def test_only_the_widget_may_be_framed(client, webinars):
    widget = client.get("/widget/programme/")
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    assert "script-src 'self'" in widget["Content-Security-Policy"]
    assert widget["Cache-Control"] == "public, max-age=300"
    for url in ("/programme/", "/widget/", "/programme/dmp-bretagne/", "/"):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_builder_page_makes_the_snippets_from_its_form(client, webinars):
    response = client.get("/widget/?region=53&theme=dmp&nombre=8")
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    url = "http://127.0.0.1:8000/widget/programme/?region=53&amp;theme=dmp&amp;nombre=8"
    assert f'<iframe src="{url}" title="' in body
    assert f'<script src="http://127.0.0.1:8000/static/js/widget-embed.js" data-rmes-widget="{url}"' in body
    assert (
        "frame-src 'self'" in response["Content-Security-Policy"]
        or "frame-src" in response["Content-Security-Policy"]
        and "'self'" in response["Content-Security-Policy"].split("frame-src")[1].split(";")[0]
    )


def test_builder_page_ignores_bad_values_and_says_so(client, webinars):
    response = client.get("/widget/?region=53&departement=75&nombre=500")
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert 'http://127.0.0.1:8000/widget/programme/?region=53"' in body
    assert body.count("fr-alert--warning") == 1


NASTY = ["", "0", "-1", "abc", "9" * 40, "2026-13-45", "<script>alert(1)</script>", "é" * 300, "\x00"]


def test_widget_and_builder_never_fail_on_bad_input(webinars):
    from django.test import Client

    anonymous = Client(raise_request_exception=False)
    for path in ("/widget/programme/", "/widget/", "/en/widget/programme/"):
        for param in ("region", "departement", "communaute", "theme", "organisateur", "du", "au", "q", "nombre"):
            for value in NASTY:
                response = anonymous.get(path, {param: value})
                assert response.status_code == 200, (path, param, value, response.status_code)
                assert b"<script>alert" not in response.content


def test_widget_runs_the_same_queries_for_1_and_20_sessions(client, programme, taxonomy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.events.fixtures_programme import in_days
    from tests.factories import SessionFactory, WebinarPageFactory

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/widget/programme/?nombre=20").status_code == 200
        return len(queries)

    webinar = WebinarPageFactory(parent=programme, themes=[taxonomy["dmp"]], region="53")
    SessionFactory(webinar=webinar, start=in_days(2), end=in_days(2, hour=11))
    client.get("/widget/programme/")  # warm caches
    one = count()
    for i in range(19):
        other = WebinarPageFactory(parent=programme, themes=[taxonomy["dmp"]], organiser=taxonomy["ars"])
        SessionFactory(webinar=other, start=in_days(3 + i), end=in_days(3 + i, hour=11))
    assert count() == one
