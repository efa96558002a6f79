"""Routes of the web UI: pages, the HTMX endpoints they post to, sign-in and sign-out."""

from django.urls import path
from django.views.generic import RedirectView

from .views import (
    account,
    activity,
    audit,
    auth,
    calendar_feed,
    contact_page,
    contacts,
    imports,
    matching,
    privacy,
    reports,
    segments,
    self_update,
    tasks,
    users,
)

from .views import outreach_report  # noqa: E402 - outreach report (kept apart: shared file)

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
    path("contacts/<int:pk>/audit/", audit.contact_audit, name="contact_audit"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/upload/", imports.import_upload, name="import_upload"),
    path("imports/preview/<str:token>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/", imports.import_batch, name="import_batch"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import_undo"),
    path("contacts/similar/", matching.similar, name="contact_similar"),
    path("duplicates/", matching.review, name="duplicates"),
    path("duplicates/find/", matching.find, name="duplicates_find"),
    path("duplicates/<int:pk>/decide/", matching.decide, name="duplicate_decide"),
    path("duplicates/merge/", matching.merge_pair, name="merge_pair"),
    path("duplicates/merges/", matching.merge_history, name="merges"),
    path("duplicates/merges/<int:pk>/undo/", matching.merge_undo, name="merge_undo"),
    path("segments/", segments.segment_list, name="segments"),
    path("segments/new/", segments.segment_new, name="segment_new"),
    path("segments/count/", segments.segment_count, name="segment_count"),
    path("segments/row/", segments.segment_row, name="segment_row"),
    path("segments/<int:pk>/", segments.segment_detail, name="segment"),
    path("segments/<int:pk>/edit/", segments.segment_edit, name="segment_edit"),
    path("segments/<int:pk>/export/", segments.segment_export, name="segment_export"),
    path("segments/<int:pk>/delete/", segments.segment_delete, name="segment_delete"),
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
    path("account/", account.account, name="account"),
    path("account/digest/", account.digest_preference, name="digest_preference"),
    path("account/calendar/reset/", account.calendar_reset, name="calendar_reset"),
    # Public by design: the signed token is the credential (see views/calendar_feed.py).
    path("calendar/<str:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
    path("audit/", audit.audit_log, name="audit"),
    path("reports/leads/", reports.leads, name="lead_report"),
    path("users/", users.user_list, name="users"),
    path("users/<int:pk>/handover/", users.user_handover, name="user_handover"),
    path(
        "outreach/campaigns/<int:pk>/report",
        outreach_report.campaign_report_page,
        name="campaign_report",
    ),
]
