"""Django forms of the web UI: they validate what a person typed, in their language, before
a service sees it; errors the services raise are put back on the same fields."""

from .activity import InteractionForm, NoteForm, TagForm, TaskForm
from .contact import ContactEditor, ContactForm, PointRows
from .errors import add_service_errors
from .filters import ContactFilterForm, TaskScopeForm
from .imports import UploadForm
from .team import (
    AuditFilterForm,
    DigestForm,
    HandoverForm,
    LanguageForm,
    PeriodForm,
)

__all__ = [
    "AuditFilterForm",
    "HandoverForm",
    "LanguageForm",
    "PeriodForm",
    "ContactEditor",
    "ContactFilterForm",
    "DigestForm",
    "ContactForm",
    "InteractionForm",
    "NoteForm",
    "PointRows",
    "TagForm",
    "TaskForm",
    "TaskScopeForm",
    "UploadForm",
    "add_service_errors",
]
