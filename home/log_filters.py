"""Log hygiene (issue 9), loaded by LOGGING before the apps: standard library only."""

import logging
import re
import time

# --- Logs ------------------------------------------------------------------------------------------

# Path segments after these prefixes are personal secrets (signed tokens).
TOKEN_PATH = re.compile(r"(/(?:en/)?(?:mon-inscription|mes-donnees)/)[^/\s?\"']+")


def scrub(text):
    return TOKEN_PATH.sub(r"\1<token>", text)


class ScrubTokensFilter(logging.Filter):
    """Replace personal tokens in request paths before any handler writes the record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path") and TOKEN_PATH.search(request.path):
            record.request = None  # Django's formatters would print the full path again
        return True


class DisallowedHostFilter(logging.Filter):
    """A bad Host header (scanners send thousands) becomes one WARNING line without a
    traceback, logged once per host per hour in each process."""

    WINDOW_SECONDS = 3600
    MAX_REMEMBERED = 1000

    def __init__(self):
        super().__init__()
        self.seen = {}

    def filter(self, record):
        now = time.monotonic()
        message = record.getMessage().splitlines()[0][:300]
        last = self.seen.get(message)
        if last is not None and now - last < self.WINDOW_SECONDS:
            return False
        if len(self.seen) >= self.MAX_REMEMBERED:
            self.seen.clear()
        self.seen[message] = now
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg, record.args = message, None
        record.exc_info = record.exc_text = record.stack_info = None
        return True
