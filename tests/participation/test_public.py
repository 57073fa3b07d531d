import pytest
from django.core import mail

from participation.models import Support
from participation.services import contributions as services
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_support_is_counted_once_per_confirmed_address(client, publish):
    contribution = publish(ContributionFactory(status="pending"))
    for email in ("a@example.org", "A@example.org ", "a@example.org"):
        assert client.post(f"/contributions/{contribution.pk}/soutenir/", {"email": email}).status_code == 302
    assert Support.objects.count() == 1
    support_mails = [m for m in mail.outbox if "/contributions/soutien/" in m.body]
    assert len(support_mails) == 1
    path = "/contributions/soutien/" + support_mails[0].body.split("/contributions/soutien/")[1].split("/")[0] + "/"
    client.get(path)
    contribution.refresh_from_db()
    assert contribution.support_count == 0  # opening the link is not confirming
    client.post(path)
    client.post(path)
    contribution.refresh_from_db()
    assert contribution.support_count == 1


def test_unpublished_contributions_are_hidden_and_cannot_be_supported(client):
    contribution = ContributionFactory(status="pending")
    assert client.get(f"/contributions/{contribution.pk}/").status_code == 404
    assert client.post(f"/contributions/{contribution.pk}/soutenir/", {"email": "a@example.org"}).status_code == 404


def test_list_filters_search_sort_and_escapes(client, publish):
    a = publish(ContributionFactory(status="pending", kind="idea", title="<script>x</script> Agenda"))
    b = publish(ContributionFactory(status="pending", kind="question", title="Messagerie 🎉"))
    services.support_confirm(support=services.support_request(contribution=b, email="s@example.org"))
    assert [c.pk for c in client.get("/contributions/").context["contributions"]] == [b.pk, a.pk]
    assert [c.pk for c in client.get("/contributions/?kind=idea").context["contributions"]] == [a.pk]
    assert [c.pk for c in client.get("/contributions/?q=agenda").context["contributions"]] == [a.pk]
    assert [c.pk for c in client.get("/contributions/?sort=supported").context["contributions"]][0] == b.pk
    html = client.get("/contributions/").content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert client.get("/contributions/?kind=poem&page=abc&q=%00").status_code == 200


def test_list_query_count_does_not_grow_with_items(client, publish, django_assert_max_num_queries):
    for _ in range(3):
        publish(ContributionFactory(status="pending"))
    with django_assert_max_num_queries(12) as few:
        client.get("/contributions/")
    for _ in range(20):
        publish(ContributionFactory(status="pending"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/contributions/")


def test_detail_shows_plain_text_with_links_only(client, publish):
    contribution = publish(
        ContributionFactory(status="pending", body="<b>gras</b>\n\nVoir https://example.org/x?a=1&b=2 مرحبا")
    )
    html = client.get(f"/contributions/{contribution.pk}/").content.decode()
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    assert '<a href="https://example.org/x?a=1&amp;b=2" rel="nofollow">' in html


def test_report_abuse_counts_and_shows_to_staff(client, publish):
    contribution = publish(ContributionFactory(status="pending"))
    assert client.post(f"/contributions/{contribution.pk}/signaler/", {"reason": "Propos injurieux"}).status_code == 302
    assert client.post(f"/contributions/{contribution.pk}/signaler/", {"reason": ""}).status_code == 400
    contribution.refresh_from_db()
    assert contribution.report_count == 1


def test_atom_feed_lists_published_contributions_escaped(client, publish):
    publish(ContributionFactory(status="pending", title="<script>alert(1)</script>"))
    ContributionFactory(status="pending", title="Pas publiée")
    response = client.get("/contributions/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Pas publiée" not in body
