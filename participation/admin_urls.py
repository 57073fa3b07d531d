from django.urls import path

from . import admin_views

app_name = "participation_exports"

urlpatterns = [
    path("", admin_views.exports, name="index"),
    path("<int:pk>/<str:name>", admin_views.export_download, name="download"),
]
