"""Routes of the web UI: pages, the HTMX endpoints they post to, sign-in and sign-out."""

from django.urls import path
from django.views.generic import RedirectView

from .views import (
    activity,
    auth,
    contact_page,
    contacts,
    imports,
    privacy,
    self_update,
    tasks,
)

app_name = "web"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:contacts"), name="home"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/point-row/", contacts.point_row, name="point_row"),
    path("contacts/<int:pk>/", contact_page.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/notes/", activity.note_add, name="note_add"),
    path("contacts/<int:pk>/tags/", activity.tag_add, name="tag_add"),
    path("contacts/<int:pk>/tags/remove/", activity.tag_remove, name="tag_remove"),
    path("contacts/<int:pk>/tasks/", activity.task_add, name="task_add"),
    path(
        "contacts/<int:pk>/interactions/",
        activity.interaction_log,
        name="interaction_log",
    ),
    path("imports/", imports.import_list, name="imports"),
    path("imports/upload/", imports.import_upload, name="import_upload"),
    path("imports/preview/<str:token>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/", imports.import_batch, name="import_batch"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import_undo"),
    path("contacts/<int:pk>/consent/", privacy.consent_set, name="consent_set"),
    path("contacts/<int:pk>/confirm/", privacy.contact_confirm, name="contact_confirm"),
    path(
        "contacts/<int:pk>/self-update-link/",
        privacy.self_update_link,
        name="self_update_link",
    ),
    path("contacts/<int:pk>/access/", privacy.access_export, name="access_export"),
    path("contacts/<int:pk>/erase/", privacy.contact_erase, name="contact_erase"),
    path(
        "self-updates/<int:pk>/decide/",
        privacy.self_update_decide,
        name="self_update_decide",
    ),
    path("privacy/freshness/", privacy.freshness_dashboard, name="freshness"),
    path("privacy/retention/", privacy.retention_review, name="retention"),
    # Public: the signed link is the credential (no login).
    path("update/<str:token>/", self_update.self_update, name="self_update"),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/<int:pk>/complete/", tasks.task_complete, name="task_complete"),
]
