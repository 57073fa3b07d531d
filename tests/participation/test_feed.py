import datetime
import http.server
import json
import os
import threading
import uuid
from pathlib import Path

import pytest

from participation.models import Contribution, ExportRecord, ParticipationSettings, Partner
from participation.services import contributions as services
from participation.services import feed, push
from tests.factories import CommunityFactory, ContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db
EXPECTED = Path(__file__).parent / "expected"
WHEN = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def two_published(publish, settings):
    settings.SITE_URL = "https://reussirmonespacesante.fr"
    theme = ThemeFactory(name="DMP", slug="dmp-feed")
    community = CommunityFactory(name="Pharmaciens", slug="pharmaciens-feed")
    first = ContributionFactory(
        pk=9001,
        external_id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        title='=HYPERLINK("http://evil")',
        body='Ligne 1; avec "guillemets"\n\n<script>alert(1)</script> مرحبا 🎉',
        kind="idea",
        theme=theme,
        author_name="Camille Martin",
        email="camille@example.org",
        organisation="@CPTS",
        show_name=True,
    )
    first.communities.set([community])
    second = ContributionFactory(
        pk=9002,
        external_id=uuid.UUID("00000000-0000-4000-8000-000000000002"),
        title="+33 une question",
        body="-10 % de temps perdu",
        kind="question",
        theme=theme,
        author_name="Anonyme",
        email="secret@example.org",
        organisation="",
        show_name=False,
    )
    ContributionFactory(pk=9003, status="pending", consent_transfer=True)  # not published: never exported
    hidden = ContributionFactory(pk=9004, consent_transfer=False)  # no consent: never exported
    publish(first, now=WHEN)
    publish(second, now=WHEN + datetime.timedelta(minutes=1))
    publish(hidden, now=WHEN)
    return first, second


def _bytes(chunks):
    return b"".join(chunks)


def test_exports_match_the_expected_files_byte_for_byte(two_published):
    settings_row = ParticipationSettings.load()
    settings_row.institutional_account = "dns@esante.gouv.fr"
    settings_row.save()
    header = "\ufefftitle;author;body;theme;category;address"
    json_batch = feed.export_create(format="json", now=WHEN)
    csv_batch = feed.export_create(format="csv", now=WHEN)
    cap_batch = feed.export_create(format="capcollectif", header=header, now=WHEN)
    assert (json_batch.count, csv_batch.count, cap_batch.count) == (2, 2, 2)
    if os.environ.get("REGENERATE_EXPECTED") == "1":  # after a deliberate format change; review the diff
        (EXPECTED / "export.json").write_bytes(_bytes(feed.render_json(feed.batch_payloads(json_batch))))
        (EXPECTED / "export.csv").write_bytes(_bytes(feed.render_csv(feed.batch_payloads(csv_batch))))
        (EXPECTED / "capcollectif.csv").write_bytes(_bytes(feed.render_capcollectif(cap_batch)))
    assert _bytes(feed.render_json(feed.batch_payloads(json_batch))) == (EXPECTED / "export.json").read_bytes()
    assert _bytes(feed.render_csv(feed.batch_payloads(csv_batch))) == (EXPECTED / "export.csv").read_bytes()
    assert _bytes(feed.render_capcollectif(cap_batch)) == (EXPECTED / "capcollectif.csv").read_bytes()


def test_re_export_is_empty_until_something_changes_then_carries_the_new_revision(two_published, staff):
    first, second = two_published
    assert feed.export_create(format="csv").count == 2
    assert feed.export_create(format="csv").count == 0
    services.contribution_answer(contribution=second, answer="Oui.", retained=False, user=staff)
    again = feed.export_create(format="csv")
    assert [(r.contribution_id, r.revision) for r in again.records.all()] == [(second.pk, 2)]
    assert feed.export_create(format="csv", full=True).count == 2
    # Each format keeps its own cursor; the records say what left, where, at which revision.
    assert feed.export_create(format="json").count == 2
    assert ExportRecord.objects.filter(destination="file:csv", contribution=second).count() == 3


def test_capcollectif_files_hold_at_most_500_rows(publish):
    theme = ThemeFactory()
    for i in range(501):
        ContributionFactory(status="published", theme=theme, title=f"Idée {i}")
    for contribution in Contribution.objects.all():
        feed.feed_refresh(contribution=contribution)
    batch = feed.export_create(format="capcollectif", header="title;body")
    assert feed.capcollectif_parts(batch) == 2
    assert _bytes(feed.render_capcollectif(batch, part=1)).count(b"\r\n") == 501
    assert _bytes(feed.render_capcollectif(batch, part=2)).count(b"\r\n") == 2


def _partner(name="participez", active=True):
    partner = Partner(name=name, active=active)
    token = partner.set_new_token()
    partner.save()
    return partner, token


def test_pull_refuses_a_missing_wrong_or_revoked_token(client, two_published):
    partner, token = _partner()
    assert client.get("/api/v1/participation/contributions").status_code == 401
    assert (
        client.get("/api/v1/participation/contributions", headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    assert token not in Partner.objects.values_list("token_hash", flat=True)
    Partner.objects.filter(pk=partner.pk).update(active=False)
    response = client.get("/api/v1/participation/contributions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_pull_follows_the_since_cursor(client, two_published, staff):
    first, second = two_published
    _partner_row, token = _partner()
    auth = {"Authorization": f"Bearer {token}"}
    page = client.get("/api/v1/participation/contributions?limit=1", headers=auth).json()
    assert [i["external_id"] for i in page["items"]] == [str(first.external_id)]
    assert page["has_more"] is True
    page = client.get(f"/api/v1/participation/contributions?since={page['next_cursor']}", headers=auth).json()
    assert [i["external_id"] for i in page["items"]] == [str(second.external_id)]
    cursor = page["next_cursor"]
    assert client.get(f"/api/v1/participation/contributions?since={cursor}", headers=auth).json()["items"] == []
    services.contribution_answer(contribution=first, answer="Prévu.", retained=True, user=staff)
    items = client.get(f"/api/v1/participation/contributions?since={cursor}", headers=auth).json()["items"]
    assert [(i["external_id"], i["revision"]) for i in items] == [(str(first.external_id), 2)]
    bad = client.get("/api/v1/participation/contributions?since=%3Cscript%3E", headers=auth)
    assert bad.status_code == 400


class _Handler(http.server.BaseHTTPRequestHandler):
    answers = []
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).answers.pop(0))
        self.end_headers()

    def log_message(self, *args):
        pass


def test_push_retries_after_errors_then_succeeds_with_a_valid_signature(settings, publish):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.answers[:] = [500, 503, 200]
    _Handler.received[:] = []
    try:
        settings.PARTICIPATION_PUSH_URL = f"http://127.0.0.1:{server.server_port}/hook"
        settings.PARTICIPATION_PUSH_SECRET = "s3cret"
        contribution = publish(ContributionFactory(status="pending"))  # first attempt at commit: 500
        contribution.refresh_from_db()
        assert (contribution.sync_status, contribution.sync_attempts) == ("retrying", 1)
        assert contribution.sync_next_at is not None
        assert push.contribution_push(contribution_id=contribution.pk) == "retrying"
        assert push.contribution_push(contribution_id=contribution.pk) == "sent"
        contribution.refresh_from_db()
        assert (contribution.sync_status, contribution.sync_attempts, contribution.sync_revision) == ("sent", 3, 1)
        # Sent once: asking again sends nothing.
        assert push.contribution_push(contribution_id=contribution.pk) == "sent"
        assert len(_Handler.received) == 3
        headers, body = _Handler.received[-1]
        assert headers["X-Signature"] == "sha256=" + push.sign(body, headers["X-Timestamp"], "s3cret")
        assert json.loads(body)["external_id"] == str(contribution.external_id)
        assert ExportRecord.objects.filter(destination="push", contribution=contribution).count() == 1
    finally:
        server.shutdown()
        server.server_close()


def test_push_refuses_plain_http_outside_loopback(settings, publish):
    settings.PARTICIPATION_PUSH_URL = "http://partner.example/hook"
    settings.PARTICIPATION_PUSH_SECRET = "s3cret"
    contribution = publish(ContributionFactory(status="pending"))
    contribution.refresh_from_db()
    assert contribution.sync_status == "failed"
