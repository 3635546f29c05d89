"""Account pages under /accounts/: sign up, log in / log out (Django's views) and profile.

Password reset by e-mail is not offered: a self-hosted site has no mail server by default, and a
form that fails to send would lose the user's request.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
