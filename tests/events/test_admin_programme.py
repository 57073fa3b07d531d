import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation
from django.utils.formats import date_format

from events.models import Registration, Session, WebinarPage
from home.groups import EDITORS, ensure_staff_groups
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    fill,
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "password-for-tests")
    client.force_login(user)
    return client


def test_admin_lists_webinars_with_filters(admin_client, webinars):
    response = admin_client.get("/admin/webinars/?region=53")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le DMP en Bretagne" in html
    assert "La messagerie sécurisée à Paris" not in html
    theme = webinars["bretagne"].themes.first()
    html = admin_client.get(f"/admin/webinars/?themes={theme.pk}").content.decode()
    assert "Le DMP en Bretagne" in html


def test_admin_sessions_listing_and_filters(admin_client, webinars):
    url = "/admin/snippets/events/session/"
    response = admin_client.get(url)
    assert response.status_code == 200
    # Each row links to the session's registrants, and shows its start as a Paris date.
    assert f'href="/admin/inscriptions/{webinars["bretagne_1"].pk}/"' in response.content.decode()
    with translation.override("fr"):
        start = date_format(timezone.localtime(webinars["bretagne_1"].start), "DATETIME_FORMAT")
    assert start in response.content.decode()
    html = admin_client.get(url + "?status=cancelled").content.decode()
    assert html.count("Mon espace santé pour tous") >= 1
    assert "Le DMP en Bretagne" not in html


def test_webinar_edit_view_lists_its_sessions_with_links(admin_client, webinars):
    webinar = webinars["bretagne"]
    html = admin_client.get(f"/admin/pages/{webinar.pk}/edit/").content.decode()
    assert f"/admin/snippets/events/session/edit/{webinars['bretagne_1'].pk}/" in html
    assert f"/admin/snippets/events/session/add/?webinar={webinar.pk}" in html


def test_add_session_form_is_prefilled_with_the_webinar(admin_client, webinars):
    webinar = webinars["bretagne"]
    response = admin_client.get(f"/admin/snippets/events/session/add/?webinar={webinar.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["webinar"] == webinar.pk


def test_session_with_registrations_cannot_be_deleted(admin_client, webinars):
    session = webinars["paris_1"]  # full: it has registrations
    url = f"/admin/snippets/events/session/delete/{session.pk}/"
    response = admin_client.post(url, follow=True)
    assert Session.objects.filter(pk=session.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("ne peut pas être supprimée" in m for m in messages)


def test_session_without_registrations_can_be_deleted(admin_client, webinars):
    session = webinars["bretagne_2"]
    admin_client.post(f"/admin/snippets/events/session/delete/{session.pk}/")
    assert not Session.objects.filter(pk=session.pk).exists()


def test_webinar_with_registrations_cannot_be_deleted(admin_client, webinars):
    webinar = webinars["paris"]
    response = admin_client.post(f"/admin/pages/{webinar.pk}/delete/", follow=True)
    assert WebinarPage.objects.filter(pk=webinar.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("ne peut pas être supprimé" in m for m in messages)
    assert Registration.objects.filter(session=webinars["paris_1"]).count() == 3


def test_webinar_without_registrations_is_deleted_with_its_sessions(admin_client, webinars):
    webinar = webinars["bretagne"]
    admin_client.post(f"/admin/pages/{webinar.pk}/delete/")
    assert not WebinarPage.objects.filter(pk=webinar.pk).exists()
    assert not Session.objects.filter(webinar_id=webinar.pk).exists()


def test_programme_page_above_registrations_cannot_be_deleted(admin_client, webinars, programme):
    admin_client.post(f"/admin/pages/{programme.pk}/delete/")
    assert WebinarPage.objects.filter(pk=webinars["paris"].pk).exists()


def test_snippets_for_themes_communities_organisers(admin_client, webinars):
    for model in ("theme", "community", "organiser"):
        assert admin_client.get(f"/admin/snippets/events/{model}/").status_code == 200


def test_editors_group_may_manage_sessions_and_taxonomy(db):
    ensure_staff_groups()
    codenames = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"add_session", "change_session", "add_theme", "change_community", "add_organiser"} <= codenames
    assert "delete_session" not in codenames
    assert Permission.objects.filter(codename="add_session").exists()


def test_moving_a_session_in_the_admin_tells_its_registrants(admin_client, webinars, mailoutbox):
    from mailer.models import OutboundMessage

    session = webinars["paris_1"]  # full: its registrants must hear of the new time
    registrants = set(session.registrations.confirmed().values_list("email", flat=True))
    new_start = timezone.localtime(session.start) + datetime.timedelta(days=1)
    new_end = timezone.localtime(session.end) + datetime.timedelta(days=1)
    response = admin_client.post(
        f"/admin/snippets/events/session/edit/{session.pk}/",
        {
            "webinar": session.webinar_id,
            "start": new_start.strftime("%Y-%m-%d %H:%M"),
            "end": new_end.strftime("%Y-%m-%d %H:%M"),
            "capacity": session.capacity,
            "registration_open": "on",
            "status": session.status,
            "join_url": session.join_url,
            "replay_url": "",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.start == new_start
    assert session.sequence == 1
    updates = OutboundMessage.objects.filter(template="session_updated")
    assert set(updates.values_list("to", flat=True)) == registrants
