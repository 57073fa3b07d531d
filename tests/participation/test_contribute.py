import re

import pytest
from django.core import mail

from participation.models import Contribution

pytestmark = pytest.mark.django_db


def _data(theme, community, **extra):
    data = {
        "kind": "idea",
        "title": "Un rappel pour activer Mon espace santé",
        "body": "Premier paragraphe.\n\nVoir https://www.monespacesante.fr pour plus.",
        "theme": theme.pk,
        "communities": [community.pk],
        "author_name": "Camille Martin",
        "email": "Camille@Example.org",
        "organisation": "CPTS du Nord",
        "show_name": "on",
        "consent_transfer": "on",
        "website": "",
    }
    data.update(extra)
    return data


def _confirm_link(message):
    return re.search(r"https?://[^\s]+/contribuer/confirmer/[^\s/]+/", message.body).group(0)


def test_contribute_then_confirm_puts_it_in_the_moderation_queue(client, theme, community):
    response = client.post("/contribuer/", _data(theme, community))
    assert response.status_code == 302
    assert response["Location"] == "/contribuer/merci/"
    contribution = Contribution.objects.get()
    assert contribution.status == "unconfirmed"
    assert contribution.email == "camille@example.org"
    assert list(contribution.communities.all()) == [community]
    assert [m.to for m in mail.outbox] == [["camille@example.org"]]
    path = _confirm_link(mail.outbox[0]).split("8000", 1)[-1]

    # Opening the link changes nothing (mail scanners open links); the button confirms.
    assert client.get(path).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "unconfirmed"
    assert client.post(path).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "pending"
    assert contribution.confirmed_at is not None


def test_confirm_with_a_bad_token_is_a_clear_404(client):
    response = client.get("/contribuer/confirmer/not-a-token/")
    assert response.status_code == 404
    assert "Ce lien ne fonctionne plus" in response.content.decode()


def test_honeypot_looks_like_success_and_saves_nothing(client, theme, community):
    response = client.post("/contribuer/", _data(theme, community, website="http://spam.example"))
    assert response.status_code == 302
    assert Contribution.objects.count() == 0
    assert mail.outbox == []


def test_the_same_contribution_twice_is_recorded_once(client, theme, community):
    client.post("/contribuer/", _data(theme, community))
    response = client.post("/contribuer/", _data(theme, community, title="Un rappel pour  ACTIVER Mon espace santé !"))
    assert response.status_code == 302
    assert Contribution.objects.count() == 1


def test_webinar_from_the_follow_up_email_is_filled_in(client, theme):
    from home.demo import seed_site
    from tests.factories import WebinarPageFactory

    root = seed_site()
    webinar = WebinarPageFactory(parent=root, themes=[theme])
    response = client.get(f"/contribuer/?webinaire={webinar.pk}")
    form = response.context["form"]
    assert form.initial["webinar"] == webinar.pk
    assert form.initial["theme"] == theme.pk
    assert client.get("/contribuer/?webinaire=abc").status_code == 200
    assert client.get("/contribuer/?webinaire=999999").status_code == 200


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", ""),
        ("body", "court"),
        ("body", "x" * 100_000),
        ("title", "t" * 500),
        ("email", "pas-une-adresse"),
        ("kind", "poem"),
        ("theme", "999999"),
        ("communities", ["abc"]),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, theme, community, field, value):
    data = _data(theme, community)
    data[field] = value
    response = client.post("/contribuer/", data)
    assert response.status_code == 400
    assert "Veuillez corriger le formulaire" in response.content.decode()
    assert Contribution.objects.count() == 0


def test_script_html_rtl_and_emoji_are_kept_as_text(client, theme, community):
    body = "<script>alert(1)</script> <b>gras</b>\n\nمرحبا بالعالم 🎉 =SUM(A1)"
    response = client.post("/contribuer/", _data(theme, community, title="<img src=x onerror=alert(1)> 🎉", body=body))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.body == body
    assert contribution.title == "<img src=x onerror=alert(1)> 🎉"
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "<img src=x" not in html


def test_contribution_rate_limit_per_address(client, theme, community, settings):
    settings.RATELIMIT_ENABLE = True
    settings.CONTRIBUTION_RATE_LIMIT = "2/h"
    from django.core.cache import cache

    cache.clear()
    statuses = [
        client.post("/contribuer/", _data(theme, community, title=f"Titre {i}"), REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Contribution.objects.count() == 2
