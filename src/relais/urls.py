from django.urls import include, path
from django.views.i18n import set_language

from relais.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("relais.outreach.public_urls")),
    path("", include("relais.web.urls")),
]
