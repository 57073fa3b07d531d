"""Thin tasks over participation.services: they take primary keys."""

from django_tasks import task

from .services import push


@task()
def push_contribution(contribution_id):
    push.contribution_push(contribution_id=contribution_id)
