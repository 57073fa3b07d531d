from django.urls import path

from kits import views

app_name = "kits"

urlpatterns = [
    path("kit/telecharger/<int:pk>/<slug:variant>/", views.download, name="download"),
    path("kit/archive/", views.kit_archive, name="archive"),
    path("kit/archive/<int:pk>/", views.section_archive, name="section_archive"),
    path("kit/visuels/<int:pk>/<slug:kind>.<str:ext>", views.webinar_visual, name="webinar_visual"),
]
