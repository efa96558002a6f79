"""Writing to the audit log. Call ``record`` inside the same transaction as the change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .models import AuditEntry

if TYPE_CHECKING:
    # Django's abstract user, not accounts.User: audit sits below accounts, which records to it.
    from django.contrib.auth.models import AbstractUser as User


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    contact_id: int | None = None,
) -> AuditEntry:
    """Log that ``actor`` did ``action`` to ``obj``; ``actor=None`` means the local system."""
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.email if actor is not None else "system",
        action=action,
        object_type=obj._meta.model_name or type(obj).__name__.lower(),
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:300],
        contact_id=contact_id,
        changes=changes or {},
    )
