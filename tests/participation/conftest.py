import pytest


@pytest.fixture
def theme(db):
    from tests.factories import ThemeFactory

    return ThemeFactory(name="Dossier médical partagé", slug="dmp")


@pytest.fixture
def community(db):
    from tests.factories import CommunityFactory

    return CommunityFactory(name="Professionnels de santé", slug="ps")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("moderator", "moderator@example.org", "pw")


@pytest.fixture
def publish(staff):
    """Publish a contribution through the moderation service, as staff do."""
    from participation.services.contributions import contribution_publish

    def do(contribution, **kwargs):
        contribution_publish(contribution=contribution, user=staff, **kwargs)
        contribution.refresh_from_db()
        return contribution

    return do


@pytest.fixture(autouse=True)
def immediate_on_commit(monkeypatch):
    """Emails and pushes leave at commit; in a test transaction, run them at once."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
