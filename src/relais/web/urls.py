from django.urls import path
from django.views.generic import RedirectView

app_name = "web"

# Placeholder routes; the web UI fills this in.
urlpatterns = [
    path("", RedirectView.as_view(url="/contacts/"), name="contacts"),
    path("login/", RedirectView.as_view(url="/"), name="login"),
]
