"""The public API under /api/v1/: the programme's filters, no private field, stable query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import OrganiserType
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    fill,
    in_days,
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)
from tests.factories import RegistrationFactory, SessionFactory, WebinarPageFactory

pytestmark = pytest.mark.django_db

PRIVATE_FIELDS = {"join_url", "email", "first_name", "last_name", "organisation", "access_key", "contact_email"}


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    return response.json()


def keys_of(data):
    """Every key anywhere in a JSON document."""
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys_of(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys_of(v)}
    return set()


def session_titles(data):
    return [item["webinar"]["title"] for item in data["items"]]


def test_sessions_list_upcoming_in_date_order_with_seats_left(client, webinars):
    data = get_json(client, "/api/v1/sessions")
    assert data["count"] == 5  # the past session is not upcoming; the cancelled one is listed as such
    assert session_titles(data) == [
        "Mon espace santé pour tous",
        "Le DMP en Bretagne",
        "La messagerie sécurisée à Paris",
        "Mon espace santé pour tous",
        "Le DMP en Bretagne",
    ]
    paris = data["items"][2]
    assert paris["capacity"] == 3
    assert paris["seats_left"] == 0
    assert paris["webinar"]["url"] == "http://127.0.0.1:8000/programme/messagerie-paris/"
    assert paris["calendar_url"] == f"http://127.0.0.1:8000/programme/session/{webinars['paris_1'].pk}.ics"
    assert paris["webinar"]["region"] == "11"
    assert paris["webinar"]["region_name"] == "Île-de-France"
    assert paris["webinar"]["themes"] == ["messagerie-securisee"]
    assert paris["webinar"]["organiser"] == {"name": "France Assos Santé", "type": "patients"}


def test_no_join_link_and_no_personal_data_anywhere(client, webinars):
    RegistrationFactory(session=webinars["bretagne_1"], email="secret-person@example.org")
    for url in (
        "/api/v1/sessions",
        "/api/v1/sessions?passees=true",
        "/api/v1/webinars",
        f"/api/v1/webinars/{webinars['bretagne'].pk}",
        f"/api/v1/sessions/{webinars['bretagne_1'].pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert not keys_of(json.loads(body)) & PRIVATE_FIELDS, url
        assert "secret-room" not in body and "secret-person" not in body, url


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=53", ["Le DMP en Bretagne", "Le DMP en Bretagne"]),
        ("region=national", ["Mon espace santé pour tous", "Mon espace santé pour tous"]),
        ("departement=75", ["La messagerie sécurisée à Paris"]),
        (
            "theme=messagerie-securisee",
            ["Mon espace santé pour tous", "La messagerie sécurisée à Paris", "Mon espace santé pour tous"],
        ),
        ("communaute=professionnels-de-sante&organisateur=ars", ["Le DMP en Bretagne", "Le DMP en Bretagne"]),
        ("places=true&region=11", []),
        ("q=bretagne", ["Le DMP en Bretagne", "Le DMP en Bretagne"]),
        ("passees=true", ["Mon espace santé pour tous"]),
    ],
)
def test_sessions_filters_are_the_programme_filters(client, webinars, query, expected):
    assert session_titles(get_json(client, f"/api/v1/sessions?{query}")) == expected


def test_date_filters_in_paris_days(client, webinars):
    day = in_days(10).date().isoformat()
    data = get_json(client, f"/api/v1/sessions?du={day}&au={day}")
    assert session_titles(data) == ["Le DMP en Bretagne"]


def test_webinars_list_their_matching_sessions_only(client, webinars):
    data = get_json(client, "/api/v1/webinars?theme=dmp")
    assert [w["title"] for w in data["items"]] == ["Mon espace santé pour tous", "Le DMP en Bretagne"]
    national = data["items"][0]
    assert [s["id"] for s in national["sessions"]] == [webinars["national_1"].pk, webinars["national_cancelled"].pk]
    assert national["sessions"][1]["status"] == "cancelled"
    assert national["has_sign_language"] is True
    assert data["count"] == 2


def test_webinar_detail_has_all_sessions_and_unpublished_ones_are_404(client, webinars):
    data = get_json(client, f"/api/v1/webinars/{webinars['national'].pk}")
    assert len(data["sessions"]) == 3
    webinars["paris"].unpublish()
    assert get_json(client, f"/api/v1/webinars/{webinars['paris'].pk}", status=404) == {"detail": "Not Found"}
    get_json(client, f"/api/v1/sessions/{webinars['paris_1'].pk}", status=404)
    assert "La messagerie sécurisée à Paris" not in session_titles(get_json(client, "/api/v1/sessions"))


def test_pagination(client, webinars):
    first = get_json(client, "/api/v1/sessions?page_size=2")
    second = get_json(client, "/api/v1/sessions?page_size=2&page=2")
    beyond = get_json(client, "/api/v1/sessions?page_size=2&page=9")
    assert (first["count"], first["pages"], len(first["items"])) == (5, 3, 2)
    assert session_titles(second) == ["La messagerie sécurisée à Paris", "Mon espace santé pour tous"]
    assert beyond["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("theme=nope", "theme"),
        ("region=99", "region"),
        ("region=53&departement=75", "departement"),
        ("du=2026-13-01", "du"),
        ("du=2026-05-10&au=2026-05-01", "au"),
        ("organisateur=martians", "organisateur"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
        ("places=maybe", "places"),
        ("q=%00", "q"),
    ],
)
def test_bad_filter_values_are_422_with_a_message(client, webinars, query, field):
    for endpoint in ("/api/v1/sessions", "/api/v1/webinars"):
        data = get_json(client, f"{endpoint}?{query}", status=422)
        assert [e["loc"][-1] for e in data["detail"]] == [field]
        assert data["detail"][0]["msg"]


def test_etag_gives_304_and_cors_allows_any_origin(client, webinars):
    response = client.get("/api/v1/sessions", HTTP_ORIGIN="https://ars-bretagne.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    etag = response["ETag"]
    again = client.get("/api/v1/sessions", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    fill(webinars["bretagne_1"], 1)
    assert client.get("/api/v1/sessions", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cors_preflight_allows_reads_only(client, webinars):
    response = client.options(
        "/api/v1/sessions",
        HTTP_ORIGIN="https://ars-bretagne.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.get("/programme/", HTTP_ORIGIN="https://x.example")


def test_taxonomy_and_regions(client, webinars):
    assert get_json(client, "/api/v1/themes") == [
        {"slug": "dmp", "name": "DMP"},
        {"slug": "messagerie-securisee", "name": "Messagerie sécurisée"},
    ]
    assert {c["slug"] for c in get_json(client, "/api/v1/communities")} == {"professionnels-de-sante", "citoyens"}
    regions = get_json(client, "/api/v1/regions")
    assert len(regions) == 18
    bretagne = next(r for r in regions if r["code"] == "53")
    assert [d["code"] for d in bretagne["departments"]] == ["22", "29", "35", "56"]
    types = get_json(client, "/api/v1/organiser-types")
    assert [t["code"] for t in types] == [code for code, _ in OrganiserType.choices]


def test_openapi_schema_and_docs(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["info"]["version"] == "1"
    assert "/api/v1/webinars" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content  # served here, not from a CDN


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/sessions?page_size=100", "/api/v1/webinars?page_size=100"])
def test_lists_run_the_same_queries_for_1_and_100_items(client, programme, taxonomy, url):
    webinar = WebinarPageFactory(parent=programme, themes=[taxonomy["dmp"]], communities=[taxonomy["pros"]])
    SessionFactory(webinar=webinar, start=in_days(3), end=in_days(3, hour=11))
    client.get(url)  # warm caches (site root paths)
    one = _queries(client, url)
    for i in range(99):
        other = WebinarPageFactory(
            parent=programme,
            themes=[taxonomy["dmp"], taxonomy["messagerie"]],
            communities=[taxonomy["pros"]],
            organiser=taxonomy["ars"],
        )
        session = SessionFactory(webinar=other, start=in_days(4 + i % 20), end=in_days(4 + i % 20, hour=11))
        RegistrationFactory(session=session)
    data = get_json(client, url)
    assert len(data["items"]) == 100
    assert _queries(client, url) == one


def test_api_namespace_is_apart_from_wagtails_own_ninja_api():
    from django.urls import reverse
    from wagtail.api.v3.api import api as wagtail_api

    from config.api import api

    assert (api.urls_namespace, wagtail_api.urls_namespace) == ("api_v1", "wagtailapi_v3")
    assert reverse("api_v1:openapi-json") == "/api/v1/openapi.json"
