"""Seats under real concurrency: threads, each with its own database connection.

The transactional database makes every thread's transaction really commit;
run on SQLite (default) and on PostgreSQL (DATABASE_URL=postgres://...).
"""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration
from mailer.models import OutboundMessage
from tests.events.registration_helpers import make_session, make_webinar, registration_data

pytestmark = pytest.mark.django_db(transaction=True)


def race(jobs):
    """Start every job at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 - the test asserts there are none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def registrant(session, email):
    return lambda: services.registration_create(session=session, data=registration_data(email=email))


@pytest.fixture
def session(site_root):
    return make_session(make_webinar(site_root), capacity=5)


def test_concurrent_registrations_never_take_one_seat_too_many(session):
    errors = race([registrant(session, f"p{i}@example.org") for i in range(24)])
    assert errors == []
    assert Registration.objects.confirmed().count() == 5
    waiting = list(Registration.objects.waitlist_order())
    assert len(waiting) == 19
    assert [r.waitlist_position() for r in waiting] == list(range(1, 20))
    # Every registrant was written one email, in the same transaction as the seat.
    assert OutboundMessage.objects.filter(template="registration_confirmed").count() == 5
    assert OutboundMessage.objects.filter(template="registration_waitlisted").count() == 19


def test_concurrent_double_submits_make_one_registration(session):
    errors = race([registrant(session, "Camille@example.org") for _ in range(10)])
    assert errors == []
    assert Registration.objects.count() == 1
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_concurrent_cancellations_and_registrations_keep_the_count_exact(session):
    for i in range(5):
        services.registration_create(session=session, data=registration_data(email=f"seat{i}@example.org"))
    for i in range(5):
        services.registration_create(session=session, data=registration_data(email=f"wait{i}@example.org"))
    seated = list(Registration.objects.confirmed())
    jobs = [lambda r=r: services.registration_cancel(registration=r) for r in seated[:3]]
    jobs += [registrant(session, f"late{i}@example.org") for i in range(6)]
    errors = race(jobs)
    assert errors == []
    assert Registration.objects.confirmed().count() == 5
    # The freed seats went to the first three in line, in order; latecomers wait behind.
    confirmed = set(Registration.objects.confirmed().values_list("email", flat=True))
    assert {"wait0@example.org", "wait1@example.org", "wait2@example.org"} <= confirmed
    assert not any(email.startswith("late") for email in confirmed)
    assert Registration.objects.waitlisted().count() == 2 + 6


def test_concurrent_moves_into_the_last_seat_let_only_one_in(site_root):
    webinar = make_webinar(site_root)
    target = make_session(webinar, capacity=1, start_in_hours=24 * 10)
    sources = [make_session(webinar, capacity=5, start_in_hours=24 * (3 + i)) for i in range(4)]
    movers = [
        services.registration_create(session=source, data=registration_data(email=f"m{i}@example.org"))[0]
        for i, source in enumerate(sources)
    ]
    outcomes = []

    def move(registration):
        def job():
            try:
                services.registration_move(registration=registration, to_session=target)
                outcomes.append("moved")
            except services.SessionFull:
                outcomes.append("full")

        return job

    errors = race([move(r) for r in movers])
    assert errors == []
    assert sorted(outcomes) == ["full", "full", "full", "moved"]
    assert Registration.objects.filter(session=target).count() == 1
