from django.urls import path

from . import views, widget

app_name = "events"

urlpatterns = [
    path("inscription/merci/", views.registration_done, name="registration_done"),
    path("inscription/<int:session_pk>/", views.register, name="register"),
    path("mon-inscription/<str:token>/", views.registration_manage, name="registration_manage"),
    path("mon-inscription/<str:token>/invitation.ics", views.registration_ics, name="registration_ics"),
    path("mon-inscription/<str:token>/annuler/", views.registration_cancel, name="registration_cancel"),
    path("mon-inscription/<str:token>/changer/", views.registration_move, name="registration_move"),
    path("widget/", widget.widget_builder, name="widget_builder"),
    path("widget/programme/", widget.programme_widget, name="programme_widget"),
]
