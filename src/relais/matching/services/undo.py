"""Undoing a merge exactly: both contacts as they were, whatever happened since elsewhere.

The merge's operation log is reversed step by step, newest first:

- a row the merge moved goes back to its contact if it still points where the merge put it
  (a row deleted or moved again since is left alone and counted in ``skipped``);
- a duplicate row the merge folded into its twin is recreated with its id and columns;
- a column the merge changed on a row (a label, the primary flag) is restored if it still
  holds what the merge wrote;
- a row the merge created (the "merge" provenance entry) is deleted.

The merged contact gets back every column it had. The survivor gets back the fields the merge
changed — a later edit of one of those fields is replaced and reported in ``overwritten`` —
while fields the merge did not change keep any later edit, and rows added to the survivor
since (a note, a task, an interaction) stay on the survivor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.models import AuditEntry
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.contacts.services.search_text import build_search_text
from relais.core.errors import InvalidInput, NotFound
from relais.matching import engine
from relais.matching.models import MatchCandidate, Merge

from .carry import encode, model_of, python_values

if TYPE_CHECKING:
    from relais.accounts.models import User


@dataclass
class UndoResult:
    merge: Merge
    restored: int = 0  # rows put back
    skipped: int = 0  # rows changed or deleted since the merge, left as they are
    overwritten: dict[str, list[Any]] = field(
        default_factory=dict
    )  # field: [later, restored]


def get_merge(merge_id: int) -> Merge:
    try:
        return Merge.objects.select_related("survivor", "merged").get(pk=merge_id)
    except (Merge.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No merge with id {merge_id}.") from None


def _check_undoable(merge: Merge) -> None:
    if merge.undone_at is not None:
        raise InvalidInput({"merge": f"Merge {merge.pk} was already undone."})
    if merge.survivor is None or merge.merged is None:
        raise InvalidInput(
            {
                "merge": f"Merge {merge.pk} cannot be undone: one of its contacts was deleted."
            }
        )
    if merge.merged.merged_into_id != merge.survivor_id:
        raise InvalidInput(
            {
                "merge": f"Merge {merge.pk} cannot be undone: {merge.merged_name} is no "
                "longer merged into {merge.survivor_name}."
            }
        )
    later = (
        Merge.objects.filter(merged_id=merge.survivor_id, undone_at__isnull=True)
        .order_by("-at")
        .first()
    )
    if later is not None:
        raise InvalidInput(
            {
                "merge": f"{merge.survivor_name} was merged into another contact since "
                f"(merge {later.pk}): undo that merge first."
            }
        )


def _reverse(op: dict[str, Any], result: UndoResult) -> None:
    model = model_of(op["model"])
    manager = model._base_manager
    kind = op["op"]
    # Each step in a savepoint: one refused row does not stop the others.
    try:
        with transaction.atomic():
            if kind == "move_many":
                field = op["field"]
                frm = python_values(model, {field: op["from"]})[field]
                to = python_values(model, {field: op["to"]})[field]
                done = manager.filter(pk__in=op["pks"], **{field: to}).update(
                    **{field: frm}
                )
                result.restored += done
                result.skipped += len(op["pks"]) - done
                return
            elif kind == "fold":
                values = python_values(model, op["row"])
                pk = values[model._meta.pk.attname]
                done = 0 if manager.filter(pk=pk).exists() else 1
                if done:
                    manager.create(**values)
                    # auto_now(_add) columns were stamped anew by create(): put them back.
                    manager.filter(pk=pk).update(**values)
            elif kind == "update":
                done = 0
                current = manager.filter(pk=op["pk"]).values(*op["values"]).first()
                if current is not None:
                    wanted = python_values(
                        model, {k: v[1] for k, v in op["values"].items()}
                    )
                    back = python_values(
                        model, {k: v[0] for k, v in op["values"].items()}
                    )
                    restore = {k: back[k] for k in back if current[k] == wanted[k]}
                    if restore:
                        done = manager.filter(pk=op["pk"]).update(**restore)
            elif kind == "create":
                done, _ = manager.filter(pk=op["pk"]).delete()
            else:  # pragma: no cover - the log only holds the kinds above
                raise ValueError(kind)
    except IntegrityError:
        done = 0
    if done:
        result.restored += 1
    else:
        result.skipped += 1


def undo_merge(*, actor: User | None, merge_id: int) -> UndoResult:
    """Put both contacts of merge ``merge_id`` back as they were (see the module docstring)."""
    ensure_can_write(actor)
    with transaction.atomic():
        merge = get_merge(merge_id)
        Merge.objects.select_for_update().filter(pk=merge.pk).first()
        _check_undoable(merge)
        assert merge.survivor_id is not None and merge.merged_id is not None
        survivor_id, merged_id = merge.survivor_id, merge.merged_id
        changes = merge.changes
        result = UndoResult(merge=merge)
        for op in reversed(changes["ops"]):
            _reverse(op, result)

        merged_values = python_values(Contact, changes["merged_before"])
        merged_values.pop("id", None)
        Contact.objects.filter(pk=merged_id).update(**merged_values)

        survivor = Contact.objects.get(pk=survivor_id)
        before = python_values(Contact, changes["survivor_before"])
        merged_to = python_values(Contact, changes["survivor_fields"])
        restore: dict[str, Any] = {}
        for name, value in merged_to.items():
            current = getattr(survivor, name)
            if current != value:
                result.overwritten[name] = encode([current, before[name]])
            restore[name] = before[name]
        untouched = encode(survivor.updated_at) == changes["survivor_updated_at"]
        for name, value in restore.items():
            setattr(survivor, name, value)
        survivor.search_text = build_search_text(survivor)
        survivor.updated_at = before["updated_at"] if untouched else timezone.now()
        Contact.objects.filter(pk=survivor.pk).update(
            **restore, search_text=survivor.search_text, updated_at=survivor.updated_at
        )
        AuditEntry.objects.filter(
            pk__in=changes.get("audit_entries", []), contact_id=survivor.pk
        ).update(contact_id=merge.merged_id)

        merge.undone_at = timezone.now()
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
        MatchCandidate.objects.filter(merge=merge).update(
            status=MatchCandidate.Status.PENDING,
            decided_at=None,
            reviewer=None,
            merge=None,
        )
        summary = {
            "merge": merge.pk,
            "survivor": merge.survivor_id,
            "merged": merge.merged_id,
            "restored": result.restored,
            "skipped": result.skipped,
            "overwritten": result.overwritten,
        }
        for contact_id in (merge.survivor_id, merge.merged_id):
            record(
                actor=actor,
                action="contact.merge_undo",
                obj=merge,
                contact_id=contact_id,
                changes=summary,
            )
        ids = [survivor_id, merged_id]
        transaction.on_commit(lambda: engine.refresh_keys(ids))
    return result
