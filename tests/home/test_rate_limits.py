from types import SimpleNamespace

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def rate_limits(settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    # django-ratelimit counts per time window: a slow machine could cross a window's end between
    # two requests and reset the count. Its clock stands still here (the rest of the process's does not).
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    cache.clear()
    yield settings
    cache.clear()


def test_search_is_rate_limited_with_a_friendly_page(client, site_root, rate_limits):
    rate_limits.SEARCH_RATE_LIMIT = "3/m"
    statuses = [client.get("/recherche/", {"q": "dmp"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/recherche/", {"q": "dmp"})
    assert "Trop de requêtes" in response.content.decode()


def test_registration_posts_are_rate_limited_without_changing_anything(client, site_root, rate_limits):
    from events.models import Registration
    from tests.factories import SessionFactory

    rate_limits.REGISTRATION_RATE_LIMIT = "2/m"
    session = SessionFactory()
    url = f"/inscription/{session.pk}/"
    for _ in range(2):
        client.post(url, {"first_name": ""})
    before = Registration.objects.count()
    response = client.post(
        url,
        {"first_name": "Ana", "last_name": "B", "email": "ana@example.org", "department": "75"},
    )
    assert response.status_code == 429
    assert Registration.objects.count() == before
    # Reading the form is never limited.
    assert client.get(url).status_code == 200
