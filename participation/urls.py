from django.urls import path

from . import views
from .feeds import ContributionFeed

app_name = "participation"

urlpatterns = [
    path("contribuer/", views.contribute, name="contribute"),
    path("contribuer/merci/", views.contribute_done, name="done"),
    path("contribuer/confirmer/<str:token>/", views.contribution_confirm, name="confirm"),
    path("contribuer/modifier/<str:token>/", views.contribution_change, name="change"),
    path("contributions/", views.contribution_list, name="list"),
    path("contributions/flux.atom", ContributionFeed(), name="feed"),
    path("contributions/soutien/<str:token>/", views.support_confirm, name="support_confirm"),
    path("contributions/<int:pk>/", views.contribution_detail, name="detail"),
    path("contributions/<int:pk>/soutenir/", views.contribution_support, name="support"),
    path("contributions/<int:pk>/signaler/", views.contribution_report, name="report"),
]
