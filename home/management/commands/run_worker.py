"""The task worker that survives database blips (issue 9).

django-tasks-db's `db_worker` exits on the first OperationalError (a database restart,
a failover, a network cut) and nothing starts it again. This runs it in a loop: on a
database error it drops the broken connections, waits (1 s, doubling up to 30 s) and
starts polling again. It stops when `db_worker` stops by itself (Ctrl-C, SIGTERM,
--batch, --max-tasks). Any option is passed on to `db_worker`.

Messages a cut left half-sent are handed back by the outbox sweep (`mailer_retry`),
and the outbox claim makes sure none is sent twice.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.db.utils import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30


class Command(BaseCommand):
    help = "Run django-tasks' db_worker and restart it after database errors."

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*", help="options for db_worker, after --")

    def handle(self, *args, worker_args=(), **options):
        backoff = 1.0
        while True:
            started = time.monotonic()
            try:
                call_command("db_worker", *worker_args)
                return
            except (OperationalError, InterfaceError) as error:
                connections.close_all()
                if time.monotonic() - started > 60:
                    backoff = 1.0  # it had been running fine: a new outage
                logger.warning("Task worker lost the database (%s); restarting in %.0f s.", error, backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
