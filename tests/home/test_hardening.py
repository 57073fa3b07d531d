"""Issue 9: outages, proxies, brute force and small leaks, each reproduced."""

import logging
import socket

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.log_filters import DisallowedHostFilter, ScrubTokensFilter
from home.security import VariedPasswordValidator, client_ip

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/3",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    return settings


def test_pages_answer_200_when_redis_is_unreachable(client, site_root, dead_redis):
    from tests.events.registration_helpers import make_session, make_webinar

    webinar = make_webinar(site_root)
    session = make_session(webinar)
    programme = webinar.get_parent()
    pages = ["/", "/faq/", "/recherche/?q=dmp", programme.url, f"{programme.url}agenda.ics", webinar.url]
    for url in [*pages, f"/inscription/{session.pk}/"]:
        assert client.get(url).status_code == 200, url


def test_rate_limits_fail_open_when_redis_is_unreachable(client, site_root, dead_redis):
    dead_redis.RATELIMIT_ENABLE = True
    dead_redis.SEARCH_RATE_LIMIT = "1/m"
    assert [client.get("/recherche/", {"q": "x"}).status_code for _ in range(3)] == [200, 200, 200]


def test_rate_limits_can_fail_closed_when_redis_is_unreachable(client, site_root, dead_redis):
    dead_redis.RATELIMIT_ENABLE = True
    dead_redis.RATELIMIT_FAIL_OPEN = False
    assert client.get("/recherche/", {"q": "x"}).status_code == 429


def test_readiness_reports_each_dependency_and_503_when_one_is_down(client, dead_redis):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["tasks"] == "ok"
    assert body["cache"].startswith("down")
    # Liveness stays cheap and up: it does not depend on Redis (nor on the database).
    assert client.get("/healthz").status_code == 200


def test_readiness_is_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "tasks": "ok"}


# --- Client address behind proxies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (1, None, "10.0.0.1"),  # missing header
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),  # malformed: never a crash
        (1, " , ,", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (3, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies
    ],
)
def test_client_address_from_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected


def test_a_client_spoofing_x_forwarded_for_is_still_rate_limited(client, site_root, settings):
    settings.RATELIMIT_ENABLE = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SEARCH_RATE_LIMIT = "2/m"
    cache.clear()
    statuses = [
        client.get("/recherche/", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
    response = client.get("/recherche/", {"q": "x"}, HTTP_X_FORWARDED_FOR="garbage, , ::::")
    assert response.status_code in (200, 429)
    assert response["Retry-After"] if response.status_code == 429 else True
    cache.clear()


def test_429_carries_retry_after_and_no_server_name(client, site_root, settings):
    settings.RATELIMIT_ENABLE = True
    settings.SEARCH_RATE_LIMIT = "1/m"
    cache.clear()
    client.get("/recherche/", {"q": "x"})
    response = client.get("/recherche/", {"q": "x"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "gunicorn" not in response["Server"].lower()
    cache.clear()


# --- Staff sign-in -------------------------------------------------------------------------------


def test_staff_login_locks_after_repeated_failures(client, site_root, settings):
    settings.AXES_FAILURE_LIMIT = 5
    User.objects.create_user("staff", "staff@example.org", "le-bon-mot-de-passe-42", is_staff=True)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "staff", "password": "mauvais"})
    # Locked: even the right password is refused now.
    response = client.post("/admin/login/", {"username": "staff", "password": "le-bon-mot-de-passe-42"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="staff")
    assert attempt.failures_since_start >= 5
    assert "mauvais" not in str(attempt.post_data)


def test_a_successful_login_before_the_limit_works(client, site_root):
    User.objects.create_user("staff", "staff@example.org", "le-bon-mot-de-passe-42", is_staff=True)
    client.post("/admin/login/", {"username": "staff", "password": "mauvais"})
    response = client.post("/admin/login/", {"username": "staff", "password": "le-bon-mot-de-passe-42"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_superusers_must_set_up_two_factor_when_required(client, site_root, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    admin = User.objects.create_superuser("root", "root@example.org", "le-bon-mot-de-passe-42")
    client.force_login(admin)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/setup/")
    assert client.get("/admin/two-factor/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post("/admin/two-factor/setup/", {"token": f"{totp(device.bin_key):06d}", "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/pages/").status_code == 200


def test_staff_with_a_device_must_enter_a_code(client, site_root, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down guesses; not what this test is about
    user = User.objects.create_superuser("root", "root@example.org", "le-bon-mot-de-passe-42")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/admin/two-factor/verify/")
    bad = client.post("/admin/two-factor/verify/", {"token": "000000"})
    assert bad.status_code == 200 and client.get("/admin/pages/").status_code == 302
    client.post("/admin/two-factor/verify/", {"token": f"{totp(device.bin_key):06d}"})
    assert client.get("/admin/pages/").status_code == 200


def test_superusers_without_two_factor_pass_when_not_required(client, site_root, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False
    client.force_login(User.objects.create_superuser("root", "root@example.org", "le-bon-mot-de-passe-42"))
    assert client.get("/admin/pages/").status_code == 200


def test_the_django_admin_login_surface_is_gone(client, site_root):
    assert client.get("/django-admin/").status_code == 404


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "azerazerazer"])
def test_uniform_passwords_are_refused(password):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        VariedPasswordValidator(min_distinct=8).validate(password)
    VariedPasswordValidator(min_distinct=8).validate("Cheval-Batterie-Agrafe-7")


# --- Logs --------------------------------------------------------------------------------------------


def _record(msg, *args, level=logging.WARNING, exc_info=None):
    return logging.LogRecord("django.request", level, __file__, 1, msg, args, exc_info)


def test_personal_tokens_are_scrubbed_from_logs():
    record = _record("Not Found: %s", "/mon-inscription/eyJyIjoxfQ:1vQ:abc_def/annuler/")
    assert ScrubTokensFilter().filter(record)
    assert record.getMessage() == "Not Found: /mon-inscription/<token>/annuler/"
    record = _record('"GET /en/mes-donnees/eyJ9:1x:sig/ HTTP/1.1" 404 12')
    ScrubTokensFilter().filter(record)
    assert "eyJ9" not in record.getMessage()


def test_the_logging_configuration_scrubs_every_console_line(settings):
    assert "scrub_tokens" in settings.LOGGING["handlers"]["console"]["filters"]


def test_a_bad_host_is_logged_once_quietly():
    log_filter = DisallowedHostFilter()
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    first = _record("Invalid HTTP_HOST header: 'evil.example'.", level=logging.ERROR, exc_info=exc_info)
    assert log_filter.filter(first)
    assert first.levelno == logging.WARNING and first.exc_info is None
    again = _record("Invalid HTTP_HOST header: 'evil.example'.", level=logging.ERROR, exc_info=exc_info)
    assert not log_filter.filter(again)


def test_a_bad_host_answers_400_not_500(client, settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400
