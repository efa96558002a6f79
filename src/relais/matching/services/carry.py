"""Moving every row that points at one contact to another, found through Django's model meta.

A merge must carry *everything* hanging on the merged contact — points, provenance, notes,
tasks, tags, interactions, and whatever later issues add (campaign deliveries, consent
records) — without this module knowing those models. ``contact_relations`` lists every
foreign key to ``Contact`` in the project (the matching app's own bookkeeping aside), so a
new model with such a key is carried without a change here.

A row that would break a unique constraint on the survivor (the same email, the same tag,
the same interaction) is *folded*: whatever points at it is moved to its twin, and the row is
deleted — after being recorded whole, so that undo can put it back with the same id.

Every change is appended to an operation log (plain JSON) that ``undo`` reverses.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from relais.contacts.models import Contact

Op = dict[str, Any]
# Rows that describe the matching itself (candidates, decisions, merge records) stay put.
EXCLUDED_APPS = frozenset({"matching"})
# Ids kept in JSON lists rather than foreign keys: a provenance row lists the points its
# record supplied (contacts/services/source.py). Folding a point rewrites those lists.
ID_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts.contactpoint": (("contacts.provenance", "points"),),
}


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def model_of(label: str) -> type[models.Model]:
    return apps.get_model(label)


def reverse_foreign_keys(
    model: type[models.Model],
) -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key (or one-to-one) of any model that points at ``model``."""
    found: list[models.ForeignKey[Any, Any]] = []
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete):
            continue
        if not (rel.one_to_many or rel.one_to_one):
            continue  # a many-to-many is carried through its through model's foreign key
        field = rel.field  # type: ignore[union-attr]
        if isinstance(field, models.ForeignKey):
            found.append(field)
    return found


def contact_relations() -> list[models.ForeignKey[Any, Any]]:
    """The foreign keys a merge carries from the merged contact to the survivor."""
    return [
        field
        for field in reverse_foreign_keys(Contact)
        if field.model._meta.app_label not in EXCLUDED_APPS
        and not (field.model is Contact and field.name == "merged_into")
    ]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; undo must give back the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def encode(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=_ExactEncoder))


def row_dict(row: models.Model) -> dict[str, Any]:
    """Every concrete column of ``row``, JSON-ready (read back with ``row_from_dict``)."""
    return encode(
        {f.attname: f.value_from_object(row) for f in row._meta.concrete_fields}
    )


def python_values(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return {
        name: by_attname[name].to_python(value)
        if not isinstance(by_attname[name], models.JSONField)
        else value
        for name, value in data.items()
        if name in by_attname
    }


def _unique_sets(
    model: type[models.Model], fk: models.Field[Any, Any]
) -> list[set[str]]:
    """The unique column sets of ``model`` that include ``fk`` (by field name)."""
    sets: list[set[str]] = []
    if fk.unique:
        sets.append({fk.name})
    for together in model._meta.unique_together:
        sets.append(set(together))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            sets.append(set(constraint.fields))
    return [s for s in sets if fk.name in s]


class Carrier:
    """Moves rows from one object to another and logs each change in ``ops``."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.moved: dict[str, list[int]] = {}  # model label -> ids now on the target
        self.left_behind: dict[str, list[int]] = {}

    def update(self, row: models.Model, **values: Any) -> None:
        """Change columns of ``row`` (by attname), logging old and new values."""
        changed = {
            name: [getattr(row, name), value]
            for name, value in values.items()
            if getattr(row, name) != value
        }
        if not changed:
            return
        type(row)._base_manager.filter(pk=row.pk).update(**values)
        for name, value in values.items():
            setattr(row, name, value)
        self.ops.append(
            {
                "op": "update",
                "model": label_of(type(row)),
                "pk": row.pk,
                "values": encode(changed),
            }
        )

    def created(self, row: models.Model) -> None:
        self.ops.append({"op": "create", "model": label_of(type(row)), "pk": row.pk})

    def carry(
        self, fk: models.ForeignKey[Any, Any], source_pk: Any, target_pk: Any
    ) -> None:
        """Point every row whose ``fk`` is ``source_pk`` at ``target_pk`` (folding twins)."""
        model = fk.model
        label = label_of(model)
        manager = model._base_manager
        rows = list(manager.filter(**{fk.attname: source_pk}).order_by("pk"))
        if not rows:
            return
        unique_sets = _unique_sets(model, fk)
        if {fk.name} in unique_sets and manager.filter(
            **{fk.attname: target_pk}
        ).exists():
            # One per target (a one-to-one): the survivor's stays, this one stays put.
            self.left_behind.setdefault(label, []).extend(r.pk for r in rows)
            return
        keys = [
            [
                getattr(model._meta.get_field(n), "attname", n)
                for n in sorted(s - {fk.name})
            ]
            for s in unique_sets
            if s != {fk.name}
        ]
        held = [
            set(manager.filter(**{fk.attname: target_pk}).values_list(*names))
            for names in keys
        ]
        movable: list[Any] = []
        for row in rows:
            clash = next(
                (
                    names
                    for names, taken in zip(keys, held, strict=True)
                    if (key := tuple(getattr(row, n) for n in names)) in taken
                    and None not in key  # NULLs never clash in a unique constraint
                ),
                None,
            )
            if clash is None:
                movable.append(row.pk)
                continue
            twin = manager.filter(
                **{fk.attname: target_pk}, **{n: getattr(row, n) for n in clash}
            ).first()
            assert twin is not None
            self.fold(row, twin)
        if movable:
            # One UPDATE and one logged step for all the rows that cannot clash.
            manager.filter(pk__in=movable).update(**{fk.attname: target_pk})
            self.ops.append(
                {
                    "op": "move_many",
                    "model": label,
                    "pks": encode(movable),
                    "field": fk.attname,
                    "from": encode(source_pk),
                    "to": encode(target_pk),
                }
            )
            self.moved.setdefault(label, []).extend(movable)

    def fold(self, row: models.Model, twin: models.Model) -> None:
        """``row`` duplicates ``twin``: move what points at it to ``twin``, then delete it."""
        for fk in reverse_foreign_keys(type(row)):
            self.carry(fk, row.pk, twin.pk)
        self._repoint_id_lists(row, twin)
        self.ops.append(
            {
                "op": "fold",
                "model": label_of(type(row)),
                "row": row_dict(row),
                "into": twin.pk,
            }
        )
        type(row)._base_manager.filter(pk=row.pk).delete()

    def _repoint_id_lists(self, row: models.Model, twin: models.Model) -> None:
        """Rewrite the JSON id lists naming ``row`` (both rows belong to contacts)."""
        for label, field in ID_LISTS.get(label_of(type(row)), ()):
            owners = {
                getattr(row, "contact_id", None),
                getattr(twin, "contact_id", None),
            }
            for ref in model_of(label)._base_manager.filter(contact_id__in=owners):
                ids = getattr(ref, field) or []
                if row.pk in ids:
                    new = [twin.pk if i == row.pk else i for i in ids]
                    self.update(ref, **{field: list(dict.fromkeys(new))})
