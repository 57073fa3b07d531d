import pytest
from django.contrib.auth.models import Group, User

from home.groups import EDITORS
from mailer.models import OutboundMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, site_root):
    user = User.objects.create_user("editrice", "editrice@example.org", "motdepasse-solide-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def message(**fields):
    defaults = {"to": "a@example.org", "template": "staff_message", "subject": "Objet", "text": "Texte"}
    return OutboundMessage.objects.create(**{**defaults, **fields})


def test_staff_see_the_outbox_filtered_by_status(client, editor):
    message(subject="Message numéro un", status="sent")
    message(subject="Message numéro deux", status="failed", last_error="HTTP 400")
    response = client.get("/admin/outbox/?status=failed")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Message numéro deux" in html and "Message numéro un" not in html


def test_outbox_is_read_only(client, editor):
    sent = message(status="sent")
    assert client.get("/admin/outbox/new/").status_code == 404
    assert client.get(f"/admin/outbox/edit/{sent.pk}/").status_code == 404
    assert client.get(f"/admin/outbox/inspect/{sent.pk}/").status_code == 200


def test_staff_send_a_failed_message_again(client, editor, django_capture_on_commit_callbacks):
    failed = message(status="failed", attempts=3, last_error="HTTP 400")
    page = client.get(f"/admin/outbox/inspect/{failed.pk}/").content.decode()
    assert f"/admin/outbox/retry/{failed.pk}/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/outbox/retry/{failed.pk}/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent"
