"""Relais's URLs plus the bench baseline: a minimal Django view returning the same 43-byte
pixel with the same headers, recording nothing (through Django's whole middleware stack, as
any view would be)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from relais.outreach.pixel import GIF, HEADERS


def baseline_pixel(request: HttpRequest, token: str) -> HttpResponse:
    response = HttpResponse(GIF)
    for name, value in HEADERS:
        response[name] = value
    return response


urlpatterns = [
    path("bench/<str:token>.gif", baseline_pixel),
    path("", include("relais.urls")),
]
