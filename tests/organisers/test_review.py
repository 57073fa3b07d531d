"""Staff review in the Wagtail admin: listing, filters, search, detail, each transition and its email."""

import pytest
from django.core import mail

from events.models import Session, WebinarPage
from organisers import services
from organisers.models import Proposal, ProposalEvent, WebinarAccess
from tests.organisers.conftest import link_in

pytestmark = pytest.mark.django_db


def review(client, proposal, action, message="", publish=False):
    data = {"action": action, "message": message}
    if publish:
        data["publish"] = "on"
    return client.post(f"/admin/proposals/inspect/{proposal.pk}/", data)


def test_listing_shows_confirmed_proposals_with_status_filter_and_search(client, staff, submitted, confirmed):
    other = Proposal.objects.create(
        organisation="Association X",
        organisation_type="patients",
        contact_name="Lou",
        email="lou@example.org",
        title="Non confirmée",
        summary="…",
        expected_audience=10,
        platform="zoom",
    )
    client.force_login(staff)
    html = client.get("/admin/proposals/").content.decode()
    assert confirmed.title in html
    assert other.title not in html  # unconfirmed: invisible to staff
    assert "Nouvelle" in html
    assert confirmed.title not in client.get("/admin/proposals/?status=declined").content.decode()
    assert confirmed.title in client.get("/admin/proposals/?status=new").content.decode()
    assert confirmed.title not in client.get("/admin/proposals/?q=introuvable").content.decode()
    assert confirmed.title in client.get("/admin/proposals/?q=Bretagne").content.decode()


def test_unconfirmed_proposal_detail_is_a_404_for_staff(client, staff, submitted):
    client.force_login(staff)
    assert client.get(f"/admin/proposals/inspect/{submitted.pk}/").status_code == 404


def test_staff_cannot_add_edit_or_delete_proposals(client, staff, confirmed):
    client.force_login(staff)
    assert client.get("/admin/proposals/new/").status_code in (302, 403)
    assert client.get(f"/admin/proposals/edit/{confirmed.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/proposals/delete/{confirmed.pk}/").status_code in (302, 403)
    assert Proposal.objects.filter(pk=confirmed.pk).exists()


def test_detail_shows_the_proposal_dates_and_history(client, staff, confirmed):
    client.force_login(staff)
    html = client.get(f"/admin/proposals/inspect/{confirmed.pk}/").content.decode()
    assert "ARS Bretagne" in html
    assert "camille.martin@ars.example.org" in html
    assert "Dates proposées (heure de Paris)" in html
    assert "Historique" in html
    assert "Adresse non confirmée → Nouvelle" in html


def test_in_review_then_changes_requested_emails_the_organiser_with_the_message(client, staff, confirmed):
    client.force_login(staff)
    mail.outbox.clear()
    assert review(client, confirmed, "in_review").status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == "in_review"
    assert mail.outbox[-1].to == ["camille.martin@ars.example.org"]
    assert "En cours d'examen" in mail.outbox[-1].subject
    assert review(client, confirmed, "changes_requested", "Précisez le public visé.").status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == "changes_requested"
    assert "Précisez le public visé." in mail.outbox[-1].body
    event = ProposalEvent.objects.filter(proposal=confirmed).last()
    assert (event.from_status, event.to_status, event.actor, event.message) == (
        "in_review",
        "changes_requested",
        staff,
        "Précisez le public visé.",
    )
    html = client.get(f"/admin/proposals/inspect/{confirmed.pk}/").content.decode()
    assert "Précisez le public visé." in html
    assert "moderatrice" in html


def test_declining_needs_a_message_and_then_tells_the_organiser(client, staff, confirmed):
    client.force_login(staff)
    mail.outbox.clear()
    response = review(client, confirmed, "declined", "")
    assert response.status_code == 400
    assert "Expliquez la raison" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == "new"
    assert mail.outbox == []
    review(client, confirmed, "declined", "Hors du périmètre.")
    confirmed.refresh_from_db()
    assert confirmed.status == "declined"
    assert "Refusée" in mail.outbox[-1].subject
    assert "Hors du périmètre." in mail.outbox[-1].body


def test_a_forged_action_is_refused_without_change(client, staff, confirmed):
    client.force_login(staff)
    response = review(client, confirmed, "unconfirmed")
    assert response.status_code == 400
    confirmed.refresh_from_db()
    assert confirmed.status == "new"


def test_approval_as_draft_creates_the_webinar_sessions_account_and_access(client, staff, confirmed):
    client.force_login(staff)
    mail.outbox.clear()
    review(client, confirmed, "approved", "Bienvenue !")
    confirmed.refresh_from_db()
    webinar = WebinarPage.objects.get(pk=confirmed.webinar_id)
    assert confirmed.status == "approved"
    assert webinar.live is False
    assert webinar.title == "Mon espace santé en Bretagne"
    assert webinar.region == "53"
    assert webinar.organiser.name == "ARS Bretagne"
    assert list(webinar.communities.all()) == list(confirmed.communities.all())
    sessions = list(Session.objects.filter(webinar=webinar).order_by("start"))
    assert [(s.start, s.end) for s in sessions] == [(d.start, d.end) for d in confirmed.dates.all()]
    assert {s.capacity for s in sessions} == {80}
    user = confirmed.account
    assert user.email == "camille.martin@ars.example.org"
    assert not user.is_staff
    assert not user.has_perm("wagtailadmin.access_admin")
    assert WebinarAccess.objects.filter(user=user, webinar=webinar).exists()
    message = mail.outbox[-1]
    assert message.to == ["camille.martin@ars.example.org"]
    assert "Bienvenue !" in message.body
    assert "/espace-organisateur/connexion/lien/" in message.body
    assert client.get(f"/admin/proposals/inspect/{confirmed.pk}/").status_code == 200


def test_approval_published_puts_the_webinar_live(client, superuser, confirmed):
    client.force_login(superuser)
    assert review(client, confirmed, "approved", publish=True).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.webinar.live is True
    assert client.get(confirmed.webinar.url).status_code == 200


def test_approval_reuses_the_account_of_the_same_email(confirmed, staff, django_user_model):
    existing = django_user_model.objects.create_user("ancien", "Camille.Martin@ars.example.org")
    services.proposal_transition(proposal=confirmed, to_status="approved", actor=staff)
    confirmed.refresh_from_db()
    assert confirmed.account == existing
    assert django_user_model.objects.filter(email__iexact="camille.martin@ars.example.org").count() == 1


def test_approved_is_final(confirmed, staff):
    services.proposal_transition(proposal=confirmed, to_status="approved", actor=staff)
    with pytest.raises(services.ReviewError):
        services.proposal_transition(proposal=confirmed, to_status="declined", actor=staff)


def test_organiser_answers_a_change_request_from_the_space(client, staff, confirmed, settings):
    settings.ORGANISER_STAFF_EMAILS = ["equipe@esante.gouv.fr"]
    services.proposal_transition(proposal=confirmed, to_status="changes_requested", actor=staff, message="Public ?")
    user = services.account_for_email(email=confirmed.email)
    client.force_login(user)
    html = client.get(f"/espace-organisateur/proposition/{confirmed.pk}/").content.decode()
    assert "Public ?" in html
    mail.outbox.clear()
    response = client.post(f"/espace-organisateur/proposition/{confirmed.pk}/", {"message": "Les médecins."})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == "in_review"
    assert mail.outbox[-1].to == ["equipe@esante.gouv.fr"]
    assert "Les médecins." in mail.outbox[-1].body
    last = ProposalEvent.objects.filter(proposal=confirmed).last()
    assert (last.to_status, last.actor, last.message) == ("in_review", user, "Les médecins.")


def test_a_non_staff_user_cannot_review(client, confirmed, django_user_model):
    user = django_user_model.objects.create_user("x", "x@example.org", "x")
    client.force_login(user)
    review(client, confirmed, "approved")
    confirmed.refresh_from_db()
    assert confirmed.status == "new"


def test_signin_link_from_the_approval_email_works_once(client, staff, confirmed):
    services.proposal_transition(proposal=confirmed, to_status="approved", actor=staff)
    path = link_in(mail.outbox[-1], r"/espace-organisateur/connexion/lien/[^\s/]+/")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert "Mon espace santé en Bretagne" in client.get("/espace-organisateur/").content.decode()
    client.logout()
    assert client.post(path).status_code == 410


def test_publishing_without_the_right_says_so_and_changes_nothing(client, staff, confirmed):
    client.force_login(staff)
    mail.outbox.clear()
    response = review(client, confirmed, "approved", publish=True)
    assert response.status_code == 400
    assert "approuvez-la comme brouillon" in response.content.decode()
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.webinar) == ("new", None)
    assert WebinarPage.objects.count() == 0
    assert mail.outbox == []
