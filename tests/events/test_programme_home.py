import pytest

from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)

pytestmark = pytest.mark.django_db


def test_home_shows_next_sessions_figures_map_and_call_to_register(client, webinars):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prochaines sessions" in html
    # The next four sessions that are not cancelled, soonest first.
    assert [s.pk for s in response.context["next_sessions"]] == [
        webinars[k].pk for k in ("national_1", "bretagne_1", "paris_1", "bretagne_2")
    ]
    assert response.context["programme_figures"] == {"sessions": 4, "webinars": 3, "regions": 2, "registrations": 3}
    assert 'aria-label="Bretagne : 1 webinaire"' in html
    assert 'href="/programme/?region=53"' in html
    assert "S’inscrire à un webinaire" in html
    assert "secret-room" not in html


def test_home_without_programme_still_renders(client, site_root):
    response = client.get("/")
    assert response.status_code == 200
    assert "Prochaines sessions" not in response.content.decode()


def test_home_calls_to_organise_and_contribute_until_their_pages_exist(client, webinars, site_root):
    from home.models import ContentPage

    calls = {c["label"]: c["url"] for c in client.get("/").context["calls_to_action"]}
    assert calls["Organiser un webinaire"] == "mailto:monespacesante@esante.gouv.fr?subject=Organiser%20un%20webinaire"
    assert calls["Contribuer"] == "/contribuer/"
    assert "Le kit clé en main" not in calls

    site_root.add_child(instance=ContentPage(title="Organiser", slug="organiser"))
    site_root.add_child(instance=ContentPage(title="Le kit", slug="kit"))
    calls = {c["label"]: c["url"] for c in client.get("/").context["calls_to_action"]}
    assert calls["Organiser un webinaire"] == "/organiser/"
    assert calls["Le kit clé en main"] == "/kit/"


def test_home_and_programme_agree_on_upcoming_sessions_and_say_what_they_count(client, webinars):
    home = client.get("/")
    programme = client.get("/programme/")
    html = programme.content.decode()
    assert home.context["programme_figures"]["sessions"] == programme.context["scheduled_count"] == 4
    assert '<h2 id="results" class="fr-h4" tabindex="-1">\n          4 sessions à venir\n        </h2>' in html
    assert "La liste montre aussi 1 session annulée." in html
    assert "Le nombre à côté de chaque choix compte des sessions." in html
    assert "Webinaires par région" in html


def test_filter_form_lands_on_the_results(client, webinars):
    html = client.get("/programme/").content.decode()
    assert '<form method="get" action="/programme/#results" class="programme-filters"' in html
    assert 'action=""' not in html
    past = client.get("/programme/passees/").content.decode()
    assert '<form method="get" action="/programme/passees/#results"' in past


def test_filtered_programme_views_have_distinct_titles(client, webinars):
    def title(url):
        html = client.get(url).content.decode()
        return html[html.index("<title>") + 7 : html.index("</title>")]

    assert title("/programme/").startswith("Programme — ")
    assert title("/programme/?region=53").startswith("Programme — Bretagne — ")
    assert title("/programme/?q=DMP&region=53").startswith("Programme — « DMP », Bretagne — ")
    assert title("/programme/?places=1").startswith("Programme — places disponibles — ")
