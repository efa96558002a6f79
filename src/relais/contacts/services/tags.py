"""Tags: case- and accent-insensitive labels shared across the workspace."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact, Tag
from relais.contacts.normalize import tag_key
from relais.core.errors import InvalidInput

from .search_text import touch

if TYPE_CHECKING:
    from relais.accounts.models import User


def _clean(name: str) -> str:
    name = " ".join(name.split()).lstrip("#")
    if not name:
        raise InvalidInput({"tag": "A tag cannot be empty."})
    if len(name) > 80:
        raise InvalidInput({"tag": f"'{name[:20]}…' is longer than 80 characters."})
    return name


def get_or_create_tag(name: str) -> Tag:
    name = _clean(name)
    tag, _ = Tag.objects.get_or_create(key=tag_key(name), defaults={"name": name})
    return tag


def create_tag(*, actor: User | None, name: str) -> Tag:
    ensure_can_write(actor)
    name = _clean(name)
    if Tag.objects.filter(key=tag_key(name)).exists():
        raise InvalidInput({"name": f"The tag '{name}' already exists."})
    with transaction.atomic():
        tag = Tag.objects.create(name=name, key=tag_key(name))
        record(actor=actor, action="tag.create", obj=tag)
    return tag


def rename_tag(*, actor: User | None, tag: Tag, name: str) -> Tag:
    ensure_can_write(actor)
    name = _clean(name)
    if Tag.objects.filter(key=tag_key(name)).exclude(pk=tag.pk).exists():
        raise InvalidInput({"name": f"The tag '{name}' already exists."})
    with transaction.atomic():
        old = tag.name
        tag.name, tag.key = name, tag_key(name)
        tag.save()
        record(actor=actor, action="tag.rename", obj=tag, changes={"name": [old, name]})
        for contact in tag.contacts.all():
            touch(contact)
    return tag


def delete_tag(*, actor: User | None, tag: Tag) -> None:
    ensure_can_write(actor)
    with transaction.atomic():
        contacts = list(tag.contacts.all())
        record(actor=actor, action="tag.delete", obj=tag)
        tag.delete()
        for contact in contacts:
            touch(contact)


def add_tags(
    *, actor: User | None, contact: Contact, names: Iterable[str]
) -> list[Tag]:
    """Add tags to a contact, creating unknown tags; existing ones are left as they are."""
    ensure_can_write(actor)
    with transaction.atomic():
        tags = [get_or_create_tag(n) for n in names if n.strip()]
        have = set(contact.tags.values_list("pk", flat=True))
        new = [t for t in tags if t.pk not in have]
        if new:
            contact.tags.add(*new)
            record(
                actor=actor,
                action="contact.tag",
                obj=contact,
                contact_id=contact.pk,
                changes={"added": [t.name for t in new]},
            )
            touch(contact)
    return tags


def remove_tag(*, actor: User | None, contact: Contact, name: str) -> None:
    ensure_can_write(actor)
    with transaction.atomic():
        tag = Tag.objects.filter(key=tag_key(name)).first()
        if tag is None or not contact.tags.filter(pk=tag.pk).exists():
            return
        contact.tags.remove(tag)
        record(
            actor=actor,
            action="contact.untag",
            obj=contact,
            contact_id=contact.pk,
            changes={"removed": [tag.name]},
        )
        touch(contact)


def set_tags(
    *, actor: User | None, contact: Contact, names: Iterable[str]
) -> list[Tag]:
    """Make the contact's tags exactly ``names``."""
    ensure_can_write(actor)
    with transaction.atomic():
        tags = [get_or_create_tag(n) for n in names if n.strip()]
        before = {t.name for t in contact.tags.all()}
        contact.tags.set(tags)
        after = {t.name for t in tags}
        if before != after:
            record(
                actor=actor,
                action="contact.tags",
                obj=contact,
                contact_id=contact.pk,
                changes={
                    "added": sorted(after - before),
                    "removed": sorted(before - after),
                },
            )
            touch(contact)
    return tags
