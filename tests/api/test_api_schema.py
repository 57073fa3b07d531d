"""schemathesis against /api/v1/openapi.json: generated requests never get a 5xx or an off-schema answer.

schemathesis' own pytest plugin does not run under pytest 9 yet, so each
operation's strategy is driven by hypothesis here.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the connection after each request, as Django's test client avoids doing."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_its_schema_and_never_fails(webinars, keep_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    # The open-data operations; the partners' token-protected pull (participation) has its own tests.
    public = [operation for operation in operations if not operation.definition.raw.get("security")]
    assert len(public) == 8
    assert len(operations) == len(public) + 1
    for operation in public:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # Theme and community slugs are data, not enums in the schema: an unknown
            # slug is schema-valid yet refused (422), as it should be.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
