import pytest
from django.core import mail

from participation.models import Contribution
from participation.services import contributions as services
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_publish_tells_the_author_and_enters_the_feed(publish):
    contribution = publish(ContributionFactory(status="pending"))
    assert contribution.status == "published"
    assert contribution.published_at is not None
    assert contribution.revision == 1
    assert len(contribution.content_hash) == 64
    assert mail.outbox[-1].to == [contribution.email]
    assert "publiée" in mail.outbox[-1].subject


def test_without_transfer_consent_no_revision_is_made(publish):
    contribution = publish(ContributionFactory(status="pending", consent_transfer=False))
    assert contribution.revision == 0
    assert contribution.content_hash == ""


def test_unconfirmed_contributions_cannot_be_published(staff):
    contribution = ContributionFactory(status="unconfirmed")
    with pytest.raises(services.ModerationError):
        services.contribution_publish(contribution=contribution, user=staff)
    contribution.refresh_from_db()
    assert contribution.status == "unconfirmed"


def test_reject_needs_a_reason_which_the_author_receives(staff):
    contribution = ContributionFactory(status="pending")
    with pytest.raises(services.ModerationError):
        services.contribution_reject(contribution=contribution, reason="  ", user=staff)
    services.contribution_reject(contribution=contribution, reason="Hors sujet.", user=staff)
    contribution.refresh_from_db()
    assert contribution.status == "rejected"
    assert "Hors sujet." in mail.outbox[-1].body


def test_changes_requested_then_the_author_changes_it_through_the_emailed_link(client, staff, theme):
    contribution = ContributionFactory(status="pending", theme=theme)
    services.contribution_request_changes(contribution=contribution, reason="Précisez la région.", user=staff)
    contribution.refresh_from_db()
    assert contribution.status == "changes_requested"
    path = "/contribuer/modifier/" + mail.outbox[-1].body.split("/contribuer/modifier/")[1].split("/")[0] + "/"
    form = {
        "kind": "question",
        "title": "Nouveau titre",
        "body": "Un texte précisé, en Bretagne.",
        "theme": theme.pk,
        "author_name": "A",
        "email": "autre@example.org",
    }
    assert client.post(path, form).status_code == 302
    contribution.refresh_from_db()
    assert (contribution.status, contribution.title, contribution.kind) == ("pending", "Nouveau titre", "question")
    assert contribution.email != "autre@example.org"  # the confirmed address stays
    # The link served once: the contribution is no longer waiting for changes.
    assert client.get(path).status_code == 404
    assert [r.action for r in contribution.revisions.all()] == ["changes_requested", "resubmitted"]


def test_staff_edit_keeps_history_and_makes_a_new_revision(publish, staff):
    contribution = publish(ContributionFactory(status="pending", title="Titre avec une fote", body="Texte initial."))
    contribution.title = "Titre avec une faute corrigée"
    services.contribution_edit(contribution=contribution, user=staff)
    contribution.refresh_from_db()
    assert contribution.revision == 2
    history = list(contribution.revisions.values_list("action", "title"))
    assert history == [("published", "Titre avec une fote"), ("edited", "Titre avec une faute corrigée")]


def test_answer_and_retained_are_public_and_revise_the_feed(client, publish, staff):
    contribution = publish(ContributionFactory(status="pending"))
    services.contribution_answer(contribution=contribution, answer="Merci, c'est prévu.", retained=True, user=staff)
    contribution.refresh_from_db()
    assert contribution.revision == 2
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert "Merci, c&#x27;est prévu." in html
    assert "Retenue" in html


def test_merge_moves_supports_without_counting_an_address_twice(publish, staff):
    kept = publish(ContributionFactory(status="pending"))
    duplicate = publish(ContributionFactory(status="pending"))
    for contribution, email in ((kept, "a@example.org"), (duplicate, "a@example.org"), (duplicate, "b@example.org")):
        services.support_confirm(support=services.support_request(contribution=contribution, email=email))
    services.contribution_merge(duplicate=duplicate, into=kept, user=staff)
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.support_count == 2
    assert (duplicate.status, duplicate.merged_into_id, duplicate.support_count) == ("merged", kept.pk, 0)
    with pytest.raises(services.ModerationError):
        services.contribution_merge(duplicate=kept, into=kept, user=staff)
    from django.test import Client

    response = Client().get(duplicate.get_absolute_url())
    assert (response.status_code, response["Location"]) == (302, kept.get_absolute_url())


def test_admin_moderation_screens(client, staff, publish):
    client.force_login(staff)
    pending = ContributionFactory(status="pending", title="<b>Idée</b> en attente")
    response = client.get("/admin/participation_contributions/?status=pending")
    assert response.status_code == 200
    assert "&lt;b&gt;Idée&lt;/b&gt; en attente" in response.content.decode()
    url = f"/admin/participation_contributions/moderate/{pending.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "publish"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "published"
    response = client.post(url, {"action": "reject", "reject-reason": ""})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == "published"
    assert (
        client.post(url, {"action": "answer", "answer-answer": "Bien vu", "answer-retained": "on"}).status_code == 302
    )
    pending.refresh_from_db()
    assert (pending.staff_answer, pending.retained) == ("Bien vu", True)
    # Typos through the generic edit view: history kept.
    edit = client.post(
        f"/admin/participation_contributions/edit/{pending.pk}/",
        {"title": "Idée corrigée", "body": pending.body, "kind": "idea", "theme": pending.theme_id},
    )
    assert edit.status_code == 302
    assert pending.revisions.filter(action="edited").count() == 1
    assert client.get("/admin/participation_contributions/new/").status_code in (302, 403)


def test_title_is_frozen_once_exported(client, staff, publish):
    from participation.services.feed import export_create

    contribution = publish(ContributionFactory(status="pending", title="Titre exporté"))
    export_create(format="json")
    contribution.refresh_from_db()
    assert contribution.exported_title == "Titre exporté"
    client.force_login(staff)
    client.post(
        f"/admin/participation_contributions/edit/{contribution.pk}/",
        {"title": "Autre titre", "body": contribution.body, "kind": "idea", "theme": contribution.theme_id},
    )
    contribution.refresh_from_db()
    assert contribution.title == "Titre exporté"


def test_statuses_are_the_documented_ones():
    assert [s for s, _ in Contribution.Status.choices] == [
        "unconfirmed",
        "pending",
        "changes_requested",
        "published",
        "rejected",
        "merged",
    ]
