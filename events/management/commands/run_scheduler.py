"""The periodic jobs, for deployments without cron: reminders, follow-ups and the
outbox sweep every minute, retention once a day. Every job is idempotent, so
two schedulers running at once (or cron as well) send nothing twice."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from events.services import followups_send, personal_data_purge, reminders_send
from mailer.services import messages_retry_due

logger = logging.getLogger(__name__)
DAY = 24 * 3600


class Command(BaseCommand):
    help = "Run the periodic jobs forever (reminders, follow-ups, outbox sweep, daily retention)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60, help="Seconds between two rounds (default 60).")
        parser.add_argument("--once", action="store_true", help="Run one round, retention included, and exit.")

    def handle(self, *args, interval, once, **options):
        last_purge = 0.0
        while True:
            close_old_connections()
            self._run("reminders", reminders_send)
            self._run("follow-ups", followups_send)
            self._run("outbox sweep", messages_retry_due)
            if once or time.monotonic() - last_purge >= DAY:
                self._run("retention", personal_data_purge)
                last_purge = time.monotonic()
            if once:
                return
            time.sleep(interval)

    def _run(self, name, job):
        try:
            result = job()
        except Exception:
            logger.exception("Periodic job %s failed; next round will try again.", name)
        else:
            if result:
                logger.info("Periodic job %s: %s", name, result)
