"""Signing in and out, with Django's own views (sessions, CSRF, safe redirects)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from relais.web.forms.auth import LoginForm

login = auth_views.LoginView.as_view(
    template_name="web/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()
