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
