"""Public addresses of delivered messages (paths fixed in relais.outreach.links)."""

from django.urls import path

from . import web

app_name = "outreach_public"

urlpatterns = [
    path("t/o/<str:token>.gif", web.open_pixel, name="open"),
    path("t/c/<str:token>", web.click, name="click"),
    path("u/<str:token>", web.unsubscribe_page, name="unsubscribe"),
]
