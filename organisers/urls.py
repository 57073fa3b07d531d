from django.urls import path

from . import views

app_name = "organisers"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.signin, name="signin"),
    path("connexion/lien/<str:token>/", views.signin_link, name="signin_link"),
    path("connexion/mot-de-passe/", views.PasswordSigninView.as_view(), name="signin_password"),
    path("deconnexion/", views.signout, name="signout"),
    path("mot-de-passe/", views.password_set, name="password_set"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/nouveau/fait/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("proposition/<int:pk>/", views.proposal_detail, name="proposal"),
    path("webinaire/<int:pk>/", views.webinar_detail, name="webinar"),
    path("session/<int:pk>/", views.session_registrants, name="session"),
    path("session/<int:pk>/export.<str:fmt>", views.session_export, name="session_export"),
    path("session/<int:pk>/message/", views.session_message, name="session_message"),
    path("session/<int:pk>/modifier/", views.session_change, name="session_change"),
]
