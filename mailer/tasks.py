"""Thin tasks over mailer.services: they take primary keys."""

from django_tasks import task

from . import services


@task()
def send_message(message_id):
    services.message_send(message_id=message_id)


@task()
def retry_due_messages():
    services.messages_retry_due()
