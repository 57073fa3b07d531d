"""Staff review of proposals in the Wagtail admin: listing, detail with history, actions."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.permission_policies import ModelPermissionPolicy

from . import services
from .models import Proposal

REVIEW_PERMISSION = "organisers.change_proposal"


class ReviewOnlyPolicy(ModelPermissionPolicy):
    """Proposals come from the public form: staff read and review them, never add, edit or delete them."""

    READ_ONLY = ("add", "change", "delete")

    def user_has_permission(self, user, action):
        return action not in self.READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ProposalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in Proposal.Status.choices if c[0] != Proposal.Status.UNCONFIRMED]
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Type of organisation"), choices=Proposal.ORGANISATION_TYPES
    )

    class Meta:
        model = Proposal
        fields = ["status", "organisation_type"]


class ReviewForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the organiser"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by email with the decision; required when asking for changes or declining."),
    )
    publish = forms.BooleanField(
        label=_("Publish the webinar at once (otherwise a draft for staff to finish)"), required=False
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.TRANSITIONS.get(proposal.status, [])
        self.fields["action"].choices = [(s.value, s.label) for s in allowed]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        needs_message = (Proposal.Status.CHANGES_REQUESTED, Proposal.Status.DECLINED)
        if action in needs_message and not data.get("message", "").strip():
            self.add_error("message", _("Tell the organiser why."))
        return data


class ProposalIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Unconfirmed proposals are the author's business until they confirm the address.
        return Proposal.objects.confirmed()


class ProposalInspectView(generic.InspectView):
    template_name = "organisers/admin/proposal_inspect.html"
    fields = [
        "status",
        "organisation",
        "organisation_type",
        "contact_name",
        "email",
        "phone",
        "summary",
        "themes",
        "communities",
        "scope",
        "region",
        "department",
        "expected_audience",
        "platform",
        "wants_dns_speaker",
        "created_at",
        "confirmed_at",
        "webinar",
    ]

    def get_object(self, queryset=None):
        return get_object_or_404(Proposal.objects.confirmed(), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dates"] = self.object.dates.all()
        context["history"] = self.object.events.select_related("actor")
        if self.request.user.has_perm(REVIEW_PERMISSION) and services.TRANSITIONS.get(self.object.status):
            context["review_form"] = kwargs.get("review_form") or ReviewForm(proposal=self.object)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        form = ReviewForm(request.POST, proposal=self.object)
        if form.is_valid():
            try:
                proposal = services.proposal_transition(
                    proposal=self.object,
                    to_status=form.cleaned_data["action"],
                    actor=request.user,
                    message=form.cleaned_data["message"].strip(),
                    publish=form.cleaned_data["publish"],
                )
            except services.ReviewError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Proposal « %(title)s »: %(status)s. The organiser has been told by email.")
                    % {"title": proposal.title, "status": proposal.get_status_display()},
                )
                return redirect(request.path)
        else:
            messages.error(request, _("The decision could not be saved. Please correct the errors below."))
        return self.render_to_response(self.get_context_data(review_form=form), status=400)


class ChangeRequestApplyView(generic.InspectView):
    template_name = "organisers/admin/change_request_inspect.html"
    fields = ["session", "requested_by", "start", "end", "capacity", "status", "created_at"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("events.change_session"):
            raise PermissionDenied
        try:
            services.change_request_apply(change=self.object, actor=request.user)
        except services.ReviewError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The change is applied; the registrants receive the updated invitation."))
        return redirect(request.path)
