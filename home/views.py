import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit
from django_tasks import task_backends
from wagtail.models import Page

logger = logging.getLogger(__name__)

SEARCH_RESULTS_PER_PAGE = 10


@ratelimit(key="ip", rate=lambda group, request: settings.SEARCH_RATE_LIMIT, block=True)
def search(request):
    # Control characters (NUL in particular) break database search backends.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable()).strip()[:200]
    results = Page.objects.live().public().search(query) if query else Page.objects.none()
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return render(request, "search/search.html", {"query": query, "results": page, "paginator": paginator})


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database or Redis
    outage never makes an orchestrator kill healthy application servers."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: 503 unless the database, the cache and the task queue all answer,
    each reported on its own so a load balancer (and a person) sees which is down."""
    checks = {"database": _check_database, "cache": _check_cache, "tasks": _check_tasks}
    report = {}
    for name, check in checks.items():
        try:
            report[name] = check()
        except Exception as error:
            logger.warning("Readiness: %s is down: %s", name, type(error).__name__)
            report[name] = f"down: {type(error).__name__}"
    ready = all(value == "ok" for value in report.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **report}, status=200 if ready else 503)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_cache():
    if hasattr(cache, "client") and hasattr(cache.client, "get_client"):
        # django-redis hides connection errors from pages (IGNORE_EXCEPTIONS): ask Redis itself.
        cache.client.get_client(write=True).ping()
        return "ok"
    key = "readyz:probe"
    cache.set(key, "1", 10)
    return "ok" if cache.get(key) == "1" else "down: cache does not keep values"


def _check_tasks():
    backend = task_backends["default"]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()  # the queue table answers
    return "ok"
