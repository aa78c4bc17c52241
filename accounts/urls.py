from django.contrib.auth import views as auth_views
from django.urls import path

from . import session_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("preferences/", views.preferences, name="preferences"),
    path("session/keep-alive/", session_views.keep_alive, name="keep_alive"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
