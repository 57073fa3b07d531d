"""Public pages of the forum: contribute, confirm, list, detail, support, report."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from events.models import WebinarPage

from .forms import ContributionForm, ListFilterForm, ReportForm, SupportForm
from .models import CONFIRM_SALT, EDIT_SALT, LINK_MAX_AGE, SUPPORT_SALT, Contribution, Support
from .services import contributions as services

PER_PAGE = 20


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower()[:254] or "-"


def _rate(setting):
    return lambda group, request: getattr(settings, setting)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_rate("CONTRIBUTION_RATE_LIMIT"), method="POST", block=True)
@ratelimit(key=_email_key, rate=_rate("CONTRIBUTION_RATE_LIMIT"), method="POST", block=True)
def contribute(request):
    status = 200
    if request.method == "POST":
        form = ContributionForm(request.POST)
        if form.is_valid():
            if not form.cleaned_data.pop("website"):
                services.contribution_submit(data=dict(form.cleaned_data), language=get_language())
            # A bot, a duplicate and a new contribution see the same page.
            return redirect("participation:done")
        status = 400
    else:
        initial = {}
        webinar_id = request.GET.get("webinaire", "")
        if webinar_id.isdigit():
            webinar = WebinarPage.objects.live().filter(pk=int(webinar_id)).first()
            if webinar is not None:
                initial["webinar"] = webinar.pk
                initial["theme"] = webinar.themes.values_list("pk", flat=True).first()
        form = ContributionForm(initial=initial)
    return render(request, "participation/contribute.html", {"form": form}, status=status)


def contribute_done(request):
    return render(request, "participation/done.html")


def _from_token(token, salt, model):
    try:
        pk = signing.loads(token, salt=salt, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return model.objects.filter(pk=pk).first() if isinstance(pk, int) else None


@never_cache
@require_http_methods(["GET", "POST"])
def contribution_confirm(request, token):
    contribution = _from_token(token, CONFIRM_SALT, Contribution)
    if contribution is None:
        return _private(render(request, "participation/link_invalid.html", status=404))
    if request.method == "POST":
        services.contribution_confirm(contribution=contribution)
        return _private(render(request, "participation/confirmed.html", {"contribution": contribution}))
    context = {"contribution": contribution, "already": contribution.status != Contribution.Status.UNCONFIRMED}
    return _private(render(request, "participation/confirm.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def contribution_change(request, token):
    contribution = _from_token(token, EDIT_SALT, Contribution)
    if contribution is None or contribution.status != Contribution.Status.CHANGES_REQUESTED:
        return _private(render(request, "participation/link_invalid.html", status=404))
    status = 200
    if request.method == "POST":
        form = ContributionForm(request.POST, instance=contribution)
        form.fields["email"].disabled = True
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("website", None)
            data.pop("email", None)  # the address stays the one confirmed
            services.contribution_resubmit(contribution=contribution, data=data)
            messages.success(request, _("Thank you: your contribution goes back to the moderators."))
            return redirect("participation:done")
        status = 400
    else:
        form = ContributionForm(instance=contribution)
    form.fields["email"].disabled = True
    context = {"form": form, "contribution": contribution, "changing": True}
    return _private(render(request, "participation/contribute.html", context, status=status))


def _filtered(form):
    contributions = Contribution.objects.published().filter(merged_into__isnull=True)
    if not form.is_valid():
        return contributions.order_by("-published_at", "-pk")
    data = form.cleaned_data
    if data["q"]:
        contributions = contributions.filter(Q(title__icontains=data["q"]) | Q(body__icontains=data["q"]))
    if data["kind"]:
        contributions = contributions.filter(kind=data["kind"])
    if data["theme"]:
        contributions = contributions.filter(theme=data["theme"])
    if data["community"]:
        contributions = contributions.filter(communities=data["community"])
    if data["webinar"]:
        contributions = contributions.filter(webinar=data["webinar"])
    if data["status"] == "retained":
        contributions = contributions.filter(retained=True)
    elif data["status"] == "answered":
        contributions = contributions.exclude(staff_answer="")
    if data["sort"] == "supported":
        return contributions.order_by("-support_count", "-published_at", "-pk")
    return contributions.order_by("-published_at", "-pk")


def contribution_list(request):
    form = ListFilterForm(request.GET or None)
    paginator = Paginator(_filtered(form).select_related("theme"), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page, "contributions": page.object_list, "query": query.urlencode()}
    return render(request, "participation/contribution_list.html", context)


def contribution_detail(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.filter(status__in=[Contribution.Status.PUBLISHED, Contribution.Status.MERGED])
        .select_related("theme", "webinar")
        .prefetch_related("communities"),
        pk=pk,
    )
    if contribution.merged_into_id:
        return redirect(contribution.merged_into)
    if not contribution.is_published:
        raise Http404
    context = {
        "contribution": contribution,
        "support_form": SupportForm(auto_id="support-%s"),
        "report_form": ReportForm(auto_id="report-%s"),
    }
    return render(request, "participation/contribution_detail.html", context)


def _published_or_404(pk):
    return get_object_or_404(Contribution.objects.published().filter(merged_into__isnull=True), pk=pk)


@require_POST
@ratelimit(key="ip", rate=_rate("SUPPORT_RATE_LIMIT"), block=True)
def contribution_support(request, pk):
    contribution = _published_or_404(pk)
    form = SupportForm(request.POST, auto_id="support-%s")
    if form.is_valid():
        if not form.cleaned_data["website"]:
            services.support_request(contribution=contribution, email=form.cleaned_data["email"])
        messages.success(request, _("Almost done: confirm your support with the link we have just sent you."))
        return redirect(contribution)
    context = {"contribution": contribution, "support_form": form, "report_form": ReportForm(auto_id="report-%s")}
    return render(request, "participation/contribution_detail.html", context, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def support_confirm(request, token):
    support = _from_token(token, SUPPORT_SALT, Support)
    if support is None or not support.contribution.is_published:
        return _private(render(request, "participation/link_invalid.html", status=404))
    if request.method == "POST":
        services.support_confirm(support=support)
        messages.success(request, _("Thank you: your support is counted."))
        return redirect(support.contribution)
    return _private(render(request, "participation/support_confirm.html", {"support": support}))


@require_POST
@ratelimit(key="ip", rate=_rate("SUPPORT_RATE_LIMIT"), block=True)
def contribution_report(request, pk):
    contribution = _published_or_404(pk)
    form = ReportForm(request.POST, auto_id="report-%s")
    if form.is_valid():
        if not form.cleaned_data["website"]:
            services.abuse_report(contribution=contribution, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you: the moderators will look at this contribution."))
        return redirect(contribution)
    context = {"contribution": contribution, "support_form": SupportForm(auto_id="support-%s"), "report_form": form}
    return render(request, "participation/contribution_detail.html", context, status=400)
