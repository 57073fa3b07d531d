"""The /organiser/ page and its proposal form: confirmation link, acknowledgement, staff notice, bad input."""

import datetime

import pytest
from django.core import mail

from organisers.models import Proposal, ProposalEvent
from tests.organisers.conftest import future_day, link_in, proposal_post

pytestmark = pytest.mark.django_db


def test_organiser_page_is_in_the_menu_with_how_to_and_the_form(client, organiser_page):
    response = client.get("/")
    assert 'href="/organiser/"' in response.content.decode()
    response = client.get("/organiser/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Organiser un webinaire</h1>" in html
    assert "Vos engagements" in html
    assert 'name="dates-0-date"' in html
    assert 'name="website"' in html  # the honeypot


def test_home_call_to_action_points_to_the_organiser_page(client, organiser_page):
    html = client.get("/").content.decode()
    assert "mailto:" not in html.split("Organiser un webinaire")[0][-300:]
    assert 'href="/organiser/"' in html


def test_proposal_waits_for_the_email_confirmation(client, organiser_page, community, theme):
    response = client.post("/organiser/", proposal_post(community, theme))
    assert response.status_code == 302
    assert response["Location"] == "/organiser/merci/"
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNCONFIRMED
    assert proposal.region == "53"
    assert proposal.wants_dns_speaker is True
    assert [d.start.astimezone(datetime.UTC).hour for d in proposal.dates.all()] != []
    first = proposal.dates.first()
    assert first.start.astimezone(datetime.timezone(datetime.timedelta(hours=1))).hour in (9, 10)
    assert list(proposal.communities.values_list("pk", flat=True)) == [community.pk]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille.martin@ars.example.org"]
    # Staff see nothing yet.
    assert Proposal.objects.confirmed().count() == 0


def test_proposed_dates_are_read_in_paris_time(client, organiser_page, community):
    client.post("/organiser/", proposal_post(community))
    from zoneinfo import ZoneInfo

    start = Proposal.objects.get().dates.first().start.astimezone(ZoneInfo("Europe/Paris"))
    assert (start.date(), start.hour, start.minute) == (future_day(), 10, 0)


def test_confirmation_link_asks_then_confirms_acknowledges_and_notifies_staff(client, submitted, settings):
    settings.ORGANISER_STAFF_EMAILS = ["equipe@esante.gouv.fr"]
    path = link_in(mail.outbox[0], r"/organiser/confirmer/[^\s/]+/")
    response = client.get(path)
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Proposal.Status.UNCONFIRMED  # a GET (mail scanner) confirms nothing
    response = client.post(path)
    assert response.status_code == 200
    assert "Et maintenant ?" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Proposal.Status.NEW
    recipients = sorted(m.to[0] for m in mail.outbox[1:])
    assert recipients == ["camille.martin@ars.example.org", "equipe@esante.gouv.fr"]
    staff_mail = next(m for m in mail.outbox if m.to == ["equipe@esante.gouv.fr"])
    assert f"/admin/proposals/inspect/{submitted.pk}/" in staff_mail.body
    # Confirming again sends nothing more.
    client.post(path)
    assert len(mail.outbox) == 3
    assert list(ProposalEvent.objects.values_list("to_status", flat=True)) == ["unconfirmed", "new"]


def test_forged_confirmation_link_is_a_friendly_404(client, organiser_page):
    response = client.get("/organiser/confirmer/forged-token/")
    assert response.status_code == 404
    assert "pas valide" in response.content.decode()


def test_expired_confirmation_link_says_so(client, submitted):
    Proposal.objects.filter(pk=submitted.pk).update(created_at=submitted.created_at - datetime.timedelta(days=8))
    response = client.post(f"/organiser/confirmer/{submitted.confirm_token}/")
    assert response.status_code == 410
    submitted.refresh_from_db()
    assert submitted.status == Proposal.Status.UNCONFIRMED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dates-0-date": "2020-01-01"}, "au moins un jour"),
        ({"dates-0-end_time": "09:00"}, "après le début"),
        (
            {f"dates-{i}-{f}": "" for i in range(3) for f in ("date", "start_time", "end_time")},
            "Proposez au moins une date",
        ),
        ({"dates-1-date": ""}, "la date, l&#x27;heure de début"),
        ({"region": "99"}, "Sélectionnez un choix valide"),
        ({"scope": "department", "department": "35", "region": "84"}, "pas dans la région"),
        ({"summary": "x" * 5000}, "4000 caractères"),
        ({"title": "x" * 500}, "200 caractères"),
        ({"expected_audience": "-3"}, "supérieure ou égale à 1"),
        ({"communities": ["999999"]}, "Sélectionnez un choix valide"),
        ({"email": "pas-une-adresse"}, "adresse de courriel valide"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    client, organiser_page, community, overrides, message
):
    response = client.post("/organiser/", proposal_post(community, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Proposal.objects.count() == 0
    assert len(mail.outbox) == 0


def test_forged_formset_counts_do_not_break_the_page(client, organiser_page, community):
    response = client.post("/organiser/", proposal_post(community, **{"dates-TOTAL_FORMS": "100000"}))
    assert response.status_code == 400
    assert Proposal.objects.count() == 0


def test_department_scope_fills_the_region(client, organiser_page, community):
    client.post("/organiser/", proposal_post(community, scope="department", region="", department="35"))
    proposal = Proposal.objects.get()
    assert (proposal.region, proposal.department) == ("53", "35")


def test_honeypot_answers_like_success_but_records_nothing(client, organiser_page, community):
    response = client.post("/organiser/", proposal_post(community, website="http://spam.example"))
    assert response.status_code == 302
    assert Proposal.objects.count() == 0
    assert len(mail.outbox) == 0


def test_proposal_form_is_rate_limited(client, organiser_page, community, settings):
    settings.RATELIMIT_ENABLE = True
    settings.PROPOSAL_RATE_LIMIT = "2/h"
    from django.core.cache import cache

    cache.clear()
    codes = [client.post("/organiser/", proposal_post(community, website="bot")).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
