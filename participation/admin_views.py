"""Moderation of one contribution and the exports to participez, in the Wagtail admin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Contribution, ExportBatch, ParticipationSettings
from .services import contributions as services
from .services import feed


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is rejected (sent to the author)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ChangesForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What to change (sent to the author)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Public answer of the team"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    retained = forms.BooleanField(label=gettext_lazy("Retained"), required=False)


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=gettext_lazy("Number of the published contribution to keep"),
        min_value=1,
        help_text=gettext_lazy("This one then redirects there; its supports count for the kept one."),
    )


def _can(request, perm="change"):
    if not request.user.has_perm(f"participation.{perm}_contribution"):
        raise PermissionDenied


def moderate(request, pk):
    _can(request, "view")
    contribution = get_object_or_404(
        Contribution.objects.select_related("theme", "webinar", "merged_into").prefetch_related("communities"), pk=pk
    )
    url = reverse("participation_contributions:moderate", args=[pk])
    forms_ = {
        "reject": ReasonForm(prefix="reject"),
        "request_changes": ChangesForm(prefix="changes"),
        "answer": AnswerForm(
            prefix="answer", initial={"answer": contribution.staff_answer, "retained": contribution.retained}
        ),
        "merge": MergeForm(prefix="merge"),
    }
    if request.method == "POST":
        _can(request)
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.contribution_publish(contribution=contribution, user=request.user)
                messages.success(request, _("Published; the author is told by email."))
                return redirect(url)
            if action in ("reject", "request_changes"):
                form = (
                    ReasonForm(request.POST, prefix="reject")
                    if action == "reject"
                    else ChangesForm(request.POST, prefix="changes")
                )
                forms_[action] = form
                if form.is_valid():
                    service = (
                        services.contribution_reject if action == "reject" else services.contribution_request_changes
                    )
                    service(contribution=contribution, reason=form.cleaned_data["reason"], user=request.user)
                    messages.success(request, _("Done; the author is told by email."))
                    return redirect(url)
            elif action == "answer":
                form = AnswerForm(request.POST, prefix="answer")
                forms_["answer"] = form
                if form.is_valid():
                    services.contribution_answer(
                        contribution=contribution,
                        answer=form.cleaned_data["answer"],
                        retained=form.cleaned_data["retained"],
                        user=request.user,
                    )
                    messages.success(request, _("Answer saved."))
                    return redirect(url)
            elif action == "merge":
                form = MergeForm(request.POST, prefix="merge")
                forms_["merge"] = form
                if form.is_valid():
                    into = Contribution.objects.filter(pk=form.cleaned_data["into"]).first()
                    if into is None:
                        form.add_error("into", _("No contribution has this number."))
                    else:
                        services.contribution_merge(duplicate=contribution, into=into, user=request.user)
                        messages.success(request, _("Merged."))
                        return redirect(url)
            else:
                messages.error(request, _("Unknown action."))
        except services.ModerationError as exc:
            messages.error(request, str(exc.message))
            return redirect(url)
        contribution.refresh_from_db()
    context = {
        "contribution": contribution,
        "forms": forms_,
        "history": contribution.revisions.select_related("user"),
        "reports": contribution.reports.all()[:50],
        "exports": contribution.export_records.order_by("-pk").values("destination", "revision", "created_at")[:20],
        "header_title": contribution.title,
        "page_title": _("Moderate"),
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("participation_contributions:index"), "label": _("Moderation")},
            {"url": "", "label": contribution.title[:60]},
        ],
        "can_publish": contribution.status in services.MODERATION_ALLOWED["publish"],
        "can_reject": contribution.status in services.MODERATION_ALLOWED["reject"],
        "can_request_changes": contribution.status in services.MODERATION_ALLOWED["request_changes"],
    }
    return render(
        request, "participation/admin/moderate.html", context, status=400 if request.method == "POST" else 200
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ExportBatch.Format.choices)
    full = forms.BooleanField(
        label=gettext_lazy("Full export"),
        required=False,
        help_text=gettext_lazy("Otherwise only what was published or changed since the last export in this format."),
    )
    header = forms.CharField(
        label=gettext_lazy("Cap Collectif header row"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Pasted from the form's model file; defaults to the one in the settings."),
    )

    def clean(self):
        data = super().clean()
        if data.get("format") == ExportBatch.Format.CAPCOLLECTIF:
            header = data.get("header") or ParticipationSettings.load().capcollectif_header
            if not feed.parse_header(header):
                self.add_error("header", _("Paste the header row of the Cap Collectif model file."))
            data["header"] = header
        return data


def exports(request):
    _can(request, "view")
    form = ExportForm(request.POST or None)
    if request.method == "POST":
        _can(request)
        if form.is_valid():
            batch = feed.export_create(
                format=form.cleaned_data["format"],
                full=form.cleaned_data["full"],
                header=form.cleaned_data.get("header", ""),
                user=request.user,
            )
            messages.success(request, _("Export ready: %(count)s contribution(s).") % {"count": batch.count})
            return redirect("participation_exports:index")
    batches = list(ExportBatch.objects.select_related("created_by")[:30])
    for batch in batches:
        batch.files = export_files(batch)
    context = {
        "form": form,
        "batches": batches,
        "header_title": _("Exports to participez"),
        "page_title": _("Exports to participez"),
        "in_feed": Contribution.objects.in_feed().count(),
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Exports to participez")},
        ],
    }
    return render(request, "participation/admin/exports.html", context, status=400 if form.errors else 200)


def export_files(batch):
    stamp = batch.created_at.strftime("%Y%m%d-%H%M%S")
    if batch.format == ExportBatch.Format.JSON:
        return [f"contributions-{stamp}.json"]
    if batch.format == ExportBatch.Format.CSV:
        return [f"contributions-{stamp}.csv"]
    return [f"capcollectif-{stamp}-{part}.csv" for part in range(1, feed.capcollectif_parts(batch) + 1)]


def export_download(request, pk, name):
    _can(request, "view")
    batch = get_object_or_404(ExportBatch, pk=pk)
    files = export_files(batch)
    if name not in files:
        raise Http404
    if batch.format == ExportBatch.Format.JSON:
        content, mime = feed.render_json(feed.batch_payloads(batch)), "application/json"
    elif batch.format == ExportBatch.Format.CSV:
        content, mime = feed.render_csv(feed.batch_payloads(batch)), "text/csv; charset=utf-8"
    else:
        content, mime = feed.render_capcollectif(batch, part=files.index(name) + 1), "text/csv; charset=utf-8"
    response = StreamingHttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
