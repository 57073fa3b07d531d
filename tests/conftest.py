import os

import pytest

# Benchmarks measure speed; they run with `make bench`, not in the suite.
collect_ignore_glob = [] if os.environ.get("BENCH") == "1" else ["benchmarks/*"]


@pytest.fixture
def site_root(db):
    """The demo site: home, editorial and mandatory pages, settings."""
    from home.demo import seed_site

    return seed_site()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached counts never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
