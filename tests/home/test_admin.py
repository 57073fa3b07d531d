import pytest
from django.contrib.auth.models import Group

from home.groups import EDITORS, MODERATORS

pytestmark = pytest.mark.django_db


def test_staff_groups_exist_with_page_permissions():
    from wagtail.models import GroupPagePermission

    editors = Group.objects.get(name=EDITORS)
    moderators = Group.objects.get(name=MODERATORS)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert set(GroupPagePermission.objects.filter(group=editors).values_list("permission__codename", flat=True)) >= {
        "add_page",
        "change_page",
        "publish_page",
    }
    assert GroupPagePermission.objects.filter(group=moderators, permission__codename="publish_page").exists()


def test_admin_is_in_french_for_staff(client, site_root, django_user_model):
    user = django_user_model.objects.create_superuser("dns", "dns@example.org", "x")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
    assert "Tableau de bord" in response.content.decode()


def test_editor_can_edit_pages_but_not_users(client, site_root, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    assert client.get(f"/admin/pages/{site_root.pk}/edit/").status_code == 200
    assert client.get("/admin/users/").status_code == 302


def test_demo_admin_only_with_development_settings(settings):
    from django.core.management import CommandError, call_command

    settings.DEMO_ADMIN_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("create_demo_admin")


def test_demo_admin_is_created_once(settings, django_user_model, capsys):
    from django.core.management import call_command

    settings.DEMO_ADMIN_ALLOWED = True
    call_command("create_demo_admin")
    call_command("create_demo_admin")
    assert django_user_model.objects.filter(username="admin", is_superuser=True).count() == 1
    assert "password «admin»" in capsys.readouterr().out


def test_healthcheck(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_one_set_of_staff_groups_wagtail_defaults_folded_in():
    from wagtail.models import GroupApprovalTask

    from home.groups import ensure_staff_groups

    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, MODERATORS}
    # A database where both sets exist (older installs): members and approval tasks move over.
    legacy = Group.objects.create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.add(legacy)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("relecteur", "r@example.org", "x")
    user.groups.add(legacy)
    ensure_staff_groups()
    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, MODERATORS}
    assert list(user.groups.values_list("name", flat=True)) == [MODERATORS]
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS]


def test_admin_loads_no_gravatar(client, site_root, django_user_model):
    user = django_user_model.objects.create_superuser("dns", "dns@example.org", "x")
    client.force_login(user)
    response = client.get("/admin/")
    assert "gravatar" not in response.content.decode()


def test_page_slugs_are_ascii(client, site_root, django_user_model):
    from events.models import ProgrammePage, WebinarPage
    from tests.factories import ProgrammePageFactory

    user = django_user_model.objects.create_superuser("dns", "dns@example.org", "x")
    client.force_login(user)
    programme = ProgrammePage.objects.first() or ProgrammePageFactory(parent=site_root)
    add_url = f"/admin/pages/add/events/webinarpage/{programme.pk}/"
    # The editor's slug field slugifies titles to ASCII...
    form_html = client.get(add_url).content.decode()
    assert 'data-controller="w-slug"' in form_html
    assert "data-w-slug-allow-unicode-value" not in form_html
    # ...and the server writes a typed accented slug in ASCII.
    data = {
        "title": "Les libéraux",
        "slug": "les-libéraux",
        "summary": "Résumé",
        "platform": "teams",
        "language": "fr",
        "recurrence_duration": "60",
        "recurrence_capacity": "100",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "1000",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302
    assert WebinarPage.objects.get(title="Les libéraux").slug == "les-liberaux"


def test_autosave_is_off_so_saving_a_new_page_never_collides_on_its_slug(client, site_root, django_user_model):
    from events.models import ProgrammePage
    from tests.factories import ProgrammePageFactory

    user = django_user_model.objects.create_superuser("dns", "dns@example.org", "x")
    client.force_login(user)
    programme = ProgrammePage.objects.first() or ProgrammePageFactory(parent=site_root)
    html = client.get(f"/admin/pages/add/events/webinarpage/{programme.pk}/").content.decode()
    assert "data-edit-form" in html
    assert "data-w-autosave-interval-value" not in html
