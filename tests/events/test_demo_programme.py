import pytest
from django.core.management import call_command

from events.geo import REGION_BY_CODE
from events.models import Registration, Session, WebinarPage

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_believable_programme_once(client):
    call_command("seed_demo")
    webinars = WebinarPage.objects.live()
    assert webinars.count() >= 30
    regions = set(webinars.exclude(region="").values_list("region", flat=True))
    assert len(regions) >= 10
    assert regions <= set(REGION_BY_CODE)
    assert webinars.filter(region="").count() >= 5
    assert webinars.exclude(recurrence=None).filter(sessions__from_recurrence=True).distinct().count() == 2
    assert Session.objects.past().exclude(replay_url="").count() >= 5
    nearly_full = Session.objects.upcoming().with_seats().filter(seats_left__lte=5, seats_left__gt=0)
    assert nearly_full.exists()
    assert Session.objects.filter(status=Session.Status.CANCELLED).exists()

    counts = (WebinarPage.objects.count(), Session.objects.count(), Registration.objects.count())
    call_command("seed_demo")
    assert (WebinarPage.objects.count(), Session.objects.count(), Registration.objects.count()) == counts

    response = client.get("/programme/")
    assert response.status_code == 200
    assert response.context["result_count"] > 50


def test_seed_demo_keeps_editor_changes(db):
    call_command("seed_demo")
    webinar = WebinarPage.objects.get(slug="alimenter-le-dmp-au-quotidien-bretagne")
    webinar.title = "Titre revu par la DNS"
    webinar.save_revision().publish()
    call_command("seed_demo")
    webinar.refresh_from_db()
    assert webinar.title == "Titre revu par la DNS"


def test_seed_demo_with_extra_webinars_for_benchmarks(db):
    call_command("seed_demo", webinars=25)
    assert WebinarPage.objects.filter(slug__startswith="webinaire-bench-").count() == 25
    assert Session.objects.filter(webinar__slug__startswith="webinaire-bench-").count() == 75
    call_command("seed_demo", webinars=25)
    assert WebinarPage.objects.filter(slug__startswith="webinaire-bench-").count() == 25
