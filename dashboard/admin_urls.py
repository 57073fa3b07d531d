from django.urls import path

from dashboard.views import REPORTS

app_name = "dashboard"

urlpatterns = []
for report in REPORTS:
    slug = report.url_name.replace("_", "-")
    urlpatterns += [
        path(f"{slug}/", report.as_view(), name=report.url_name),
        path(f"{slug}/results/", report.as_view(results_only=True), name=f"{report.url_name}_results"),
    ]
