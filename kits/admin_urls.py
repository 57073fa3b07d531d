from django.urls import path

from kits import admin_views

app_name = "kits_admin"

urlpatterns = [
    path("", admin_views.DownloadCountIndexView.as_view(), name="downloads"),
    path("results/", admin_views.DownloadCountIndexView.as_view(results_only=True), name="downloads_results"),
]
