"""The session lock: every change that can take or free a seat holds it first.

On PostgreSQL the session row is locked (`SELECT ... FOR UPDATE`); on SQLite
the connection opens write transactions with BEGIN IMMEDIATE
(config/settings/base.py), which already serialises writers, and Django
ignores `select_for_update()`. Either way the lock only means something inside
a transaction, so, like pretix's `lock_objects`, it refuses to run outside one.
"""

from collections.abc import Iterable

from django.db import connection

from events.models.sessions import Session


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("The session lock is only taken inside transaction.atomic().")


def session_lock(*, pk: int) -> Session:
    """The session, its row locked until the surrounding transaction ends."""
    _require_transaction()
    return Session.objects.select_for_update().get(pk=pk)


def sessions_lock(*, pks: Iterable[int]) -> dict[int, Session]:
    """Several sessions locked, always in primary-key order, so two callers cannot deadlock."""
    _require_transaction()
    return {session.pk: session for session in Session.objects.select_for_update().filter(pk__in=pks).order_by("pk")}
