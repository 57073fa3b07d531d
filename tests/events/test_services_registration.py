"""Registration rules: seats, waiting list, duplicates, cancel, move, staff changes."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Registration, Session
from mailer.models import OutboundMessage
from tests.events import registration_helpers
from tests.events.registration_helpers import in_hours, make_session, registration_data

# Shared fixtures.
community = registration_helpers.community
webinar = registration_helpers.webinar
session = registration_helpers.session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_at_once(monkeypatch):
    """The test's transaction never commits: send at once what would go after commit.
    (That nothing goes before commit is proven in tests/mailer.)"""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def register(session, email, **overrides):
    registration, created = services.registration_create(
        session=session, data=registration_data(email=email, **overrides)
    )
    return registration


def invitation(email_message):
    """The .ics attached to an email, parsed back (file name, method, calendar)."""
    parts = [p for p in email_message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    return part.get_filename(), part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def messages_to(email):
    return [m for m in mail.outbox if m.to == [email]]


def test_registration_takes_a_seat_and_sends_the_invitation(session):
    registration = register(session, "camille@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmed_at is not None
    [email] = mail.outbox
    assert email.subject == f"Inscription confirmée : {session.webinar.title}"
    assert session.join_url in email.body
    # The link is signed with the time it was made: compare what it points to.
    token = re.search(r"/mon-inscription/([^/\s]+)/", email.body).group(1)
    assert Registration.objects.from_token(token) == registration
    html = email.alternatives[0][0]
    assert session.join_url in html and "#000091" in html
    filename, method, calendar = invitation(email)
    assert (filename, method) == ("invite.ics", "REQUEST")
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.events
    assert str(event["UID"]) == f"session-{session.uid}@reussirmonespacesante.fr"
    assert str(event["ATTENDEE"]) == "mailto:camille@example.org"
    assert event["ATTENDEE"].params["CN"] == "Camille Martin"
    assert session.join_url in str(event["DESCRIPTION"])
    assert session.start == event.DTSTART


def test_registration_when_full_goes_to_waitlist_with_its_place(session):
    register(session, "a@example.org")
    register(session, "b@example.org")
    third = register(session, "c@example.org")
    fourth = register(session, "d@example.org")
    assert third.status == Registration.Status.WAITLISTED
    assert (third.waitlist_position(), fourth.waitlist_position()) == (1, 2)
    [email] = messages_to("d@example.org")
    assert email.subject == f"Liste d'attente : {session.webinar.title}"
    assert "numéro 2 sur la liste d'attente" in email.body
    assert session.join_url not in email.body
    assert not [p for p in email.message().walk() if p.get_content_type() == "text/calendar"]


def test_same_email_twice_takes_no_second_seat_and_resends_the_confirmation(session):
    first = register(session, "camille@example.org")
    again = register(session, "Camille@Example.ORG ", first_name="Autre")
    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    assert Registration.objects.get().first_name == "Camille"
    assert len(messages_to("camille@example.org")) == 2
    # A third submission in the same few minutes sends nothing more: nobody can flood an inbox.
    register(session, "camille@example.org")
    assert len(messages_to("camille@example.org")) == 2


def test_same_email_twice_on_the_waiting_list_keeps_one_place(session):
    register(session, "a@example.org")
    register(session, "b@example.org")
    waiting = register(session, "c@example.org")
    register(session, "c@example.org")
    assert Registration.objects.waitlisted().count() == 1
    assert Registration.objects.get(pk=waiting.pk).waitlisted_at == waiting.waitlisted_at


def test_cancelled_registration_can_register_again(session):
    registration = register(session, "camille@example.org")
    services.registration_cancel(registration=registration)
    again = register(session, "camille@example.org")
    assert again.pk == registration.pk
    assert again.status == Registration.Status.CONFIRMED
    assert again.cancelled_at is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_open": False}, "Les inscriptions à cette session sont closes."),
        ({"status": Session.Status.CANCELLED}, "Cette session a été annulée."),
        ({"status": Session.Status.POSTPONED}, "Les inscriptions à cette session sont closes."),
        ({"start": in_hours(-2), "end": in_hours(-1)}, "Cette session a déjà eu lieu."),
    ],
)
def test_closed_past_or_cancelled_session_refuses_registration(session, changes, message):
    Session.objects.filter(pk=session.pk).update(**changes)
    with pytest.raises(services.RegistrationClosed) as error:
        register(session, "camille@example.org")
    assert str(error.value.message) == message
    assert Registration.objects.count() == 0
    assert OutboundMessage.objects.count() == 0


def test_cancelling_a_seat_promotes_the_first_in_line_and_tells_them(session):
    first = register(session, "a@example.org")
    register(session, "b@example.org")
    register(session, "c@example.org")
    register(session, "d@example.org")
    mail.outbox.clear()

    services.registration_cancel(registration=first)

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "cancelled",
        "b@example.org": "confirmed",
        "c@example.org": "confirmed",
        "d@example.org": "waitlisted",
    }
    assert Registration.objects.get(email="d@example.org").waitlist_position() == 1
    [cancellation] = messages_to("a@example.org")
    filename, method, calendar = invitation(cancellation)
    assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert str(calendar.events[0]["UID"]) == f"session-{session.uid}@reussirmonespacesante.fr"
    [promotion] = messages_to("c@example.org")
    assert promotion.subject == f"Une place pour vous : {session.webinar.title}"
    assert session.join_url in promotion.body
    assert invitation(promotion)[1] == "REQUEST"


def test_cancelling_twice_changes_nothing(session):
    registration = register(session, "a@example.org")
    services.registration_cancel(registration=registration)
    mail.outbox.clear()
    services.registration_cancel(registration=registration)
    assert mail.outbox == []


def test_leaving_the_waiting_list_promotes_nobody(session):
    register(session, "a@example.org")
    register(session, "b@example.org")
    waiting = register(session, "c@example.org")
    last = register(session, "d@example.org")
    services.registration_cancel(registration=waiting)
    assert Registration.objects.confirmed().count() == 2
    assert Registration.objects.get(pk=last.pk).waitlist_position() == 1


def test_staff_raising_capacity_promotes_in_order(session):
    for letter in "abcde":
        register(session, f"{letter}@example.org")
    mail.outbox.clear()
    services.session_update(session=session, data={"capacity": 4})
    assert list(Registration.objects.confirmed().values_list("email", flat=True)) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "d@example.org",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.org", "d@example.org"]


def test_staff_moving_a_session_sends_the_update_with_a_higher_sequence(session):
    register(session, "a@example.org")
    register(session, "b@example.org")
    waiting = register(session, "c@example.org")
    mail.outbox.clear()
    session = services.session_update(
        session=session,
        data={"start": session.start + datetime.timedelta(days=1), "end": session.end + datetime.timedelta(days=1)},
    )
    assert session.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    for email in mail.outbox:
        assert email.subject == f"Session modifiée : {session.webinar.title}"
        _filename, method, calendar = invitation(email)
        [event] = calendar.events
        assert method == "REQUEST"
        assert str(event["UID"]) == f"session-{session.uid}@reussirmonespacesante.fr"
        assert event["SEQUENCE"] == 1
        assert session.start == event.DTSTART
    assert messages_to(waiting.email) == []
    # Saving again without a calendar change sends nothing.
    services.session_update(session=session, data={"start": session.start, "end": session.end})
    assert len(mail.outbox) == 2


def test_staff_cancelling_a_session_sends_the_cancellation_to_everyone(session):
    register(session, "a@example.org")
    register(session, "b@example.org")
    register(session, "c@example.org")
    mail.outbox.clear()
    services.session_update(session=session, data={"status": Session.Status.CANCELLED})
    assert len(mail.outbox) == 3
    for address in ("a@example.org", "b@example.org"):
        [email] = messages_to(address)
        _filename, method, calendar = invitation(email)
        assert method == "CANCEL"
        assert calendar.events[0]["SEQUENCE"] == 1
        assert str(calendar.events[0]["STATUS"]) == "CANCELLED"
    [notice] = messages_to("c@example.org")
    assert notice.subject == f"Session annulée : {session.webinar.title}"


def test_move_keeps_the_personal_link_and_frees_the_old_seat(session, webinar):
    other = make_session(webinar, capacity=5, start_in_hours=24 * 10)
    mover = register(session, "a@example.org")
    register(session, "b@example.org")
    register(session, "c@example.org")
    token = mover.personal_token()
    mail.outbox.clear()

    moved = services.registration_move(registration=mover, to_session=other)

    assert moved.pk == mover.pk and moved.session == other
    assert moved.status == Registration.Status.CONFIRMED
    assert Registration.objects.from_token(token).session_id == other.pk
    assert Registration.objects.get(email="c@example.org").status == Registration.Status.CONFIRMED
    methods = {invitation(m)[2].events[0]["UID"]: invitation(m)[1] for m in messages_to("a@example.org")}
    assert methods == {
        f"session-{session.uid}@reussirmonespacesante.fr": "CANCEL",
        f"session-{other.uid}@reussirmonespacesante.fr": "REQUEST",
    }


def test_move_from_the_waiting_list_to_a_session_with_seats(session, webinar):
    other = make_session(webinar, capacity=5, start_in_hours=24 * 10)
    register(session, "a@example.org")
    register(session, "b@example.org")
    waiting = register(session, "c@example.org")
    moved = services.registration_move(registration=waiting, to_session=other)
    assert moved.status == Registration.Status.CONFIRMED
    assert moved.waitlisted_at is None


def test_move_to_a_full_session_or_another_webinar_is_refused(session, webinar, site_root):
    from tests.events.registration_helpers import make_webinar

    full = make_session(webinar, capacity=1, start_in_hours=24 * 10)
    register(full, "z@example.org")
    elsewhere = make_session(make_webinar(site_root, title="Autre webinaire"), capacity=5)
    mover = register(session, "a@example.org")
    with pytest.raises(services.SessionFull):
        services.registration_move(registration=mover, to_session=full)
    with pytest.raises(services.RegistrationError):
        services.registration_move(registration=mover, to_session=elsewhere)
    assert Registration.objects.get(pk=mover.pk).session_id == session.pk


def test_move_to_a_session_already_registered_is_refused(session, webinar):
    other = make_session(webinar, capacity=5, start_in_hours=24 * 10)
    mover = register(session, "a@example.org")
    register(other, "a@example.org")
    with pytest.raises(services.RegistrationError) as error:
        services.registration_move(registration=mover, to_session=other)
    assert str(error.value.message) == "Vous êtes déjà inscrit(e) à cette autre session."


def test_staff_message_goes_once_to_each_registrant_even_on_double_submit(session):
    register(session, "a@example.org")
    register(session, "b@example.org")
    register(session, "c@example.org")
    mail.outbox.clear()
    count = services.registrants_message(
        session=session, subject="Changement de salle", body="Lien ci-dessous", batch="x1"
    )
    again = services.registrants_message(
        session=session, subject="Changement de salle", body="Lien ci-dessous", batch="x1"
    )
    assert (count, again) == (2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert mail.outbox[0].subject == "Changement de salle"
    services.registrants_message(session=session, subject="Tous", body="…", include_waitlist=True, batch="x2")
    assert len(mail.outbox) == 5


def test_personal_link_is_signed(session):
    registration = register(session, "a@example.org")
    token = registration.personal_token()
    assert Registration.objects.from_token(token) == registration
    assert Registration.objects.from_token(registration.access_key) is None
    assert Registration.objects.from_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is None
    forged = f"{registration.access_key}:{token.split(':')[1]}:forged"
    assert Registration.objects.from_token(forged) is None


def test_registration_email_is_in_the_registrants_language(session):
    services.registration_create(session=session, data=registration_data(email="en@example.org"), language="en")
    [email] = mail.outbox
    assert email.subject == f"Registration confirmed: {session.webinar.title}"
    assert email.body.startswith("Hello Camille,")


def test_time_shown_in_emails_is_paris_time(session):
    register(session, "a@example.org")
    local = timezone.localtime(session.start)
    # Times are written one way, « 10 h 00 » with non-breaking spaces (issue 8).
    assert f"de {local:%H}\u00a0h\u00a0{local:%M}" in mail.outbox[0].body
