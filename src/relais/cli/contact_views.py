"""How contacts look in a terminal: a list table and a detail view, drawn with rich."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from relais.contacts.models import Contact, ContactPoint, Note
from relais.contacts.normalize import format_phone
from relais.contacts.selectors import provenance_entries
from relais.timeline.models import Interaction
from relais.timeline.selectors import open_tasks_for, timeline_for

from .output import cells, console, short_date, table


def _first(contact: Contact, kind: str) -> str:
    point = next((p for p in contact.points.all() if p.kind == kind), None)
    if point is None:
        return ""
    return (
        format_phone(point.normalized_value)
        if kind == "phone"
        else point.normalized_value
    )


# (column, typical width, cap) by priority: a narrow terminal shows the first ones only.
_LIST_COLUMNS = [
    ("ID", 5, None),
    ("Name", 20, 30),
    ("Email", 30, 38),
    ("Status", 10, None),
    ("Organisation", 22, 30),
    ("Phone", 19, None),
    ("Tags", 22, 30),
    ("Owner", 13, 14),
]
_ORDER = ["ID", "Name", "Organisation", "Email", "Phone", "Status", "Tags", "Owner"]


def _list_columns(width: int) -> list[tuple[str, int | None]]:
    shown: dict[str, int | None] = {}
    used = 1
    for name, typical, cap in _LIST_COLUMNS:
        if used + typical + 3 > width and shown:
            break
        shown[name], used = cap, used + typical + 3
    return [(name, shown[name]) for name in _ORDER if name in shown]


def _list_cells(c: Contact) -> dict[str, str]:
    return {
        "ID": str(c.pk),
        "Name": c.display_name,
        "Organisation": c.organisation.name if c.organisation else "",
        "Email": _first(c, ContactPoint.Kind.EMAIL),
        "Phone": _first(c, ContactPoint.Kind.PHONE),
        "Status": c.status,
        "Tags": ", ".join(t.name for t in c.tags.all()),
        "Owner": c.owner.email.split("@")[0] if c.owner else "",
    }


def print_list(contacts: Sequence[Contact], total: int) -> None:
    out = console()
    columns = _list_columns(out.width)
    grid = Table(header_style="bold")
    for name, cap in columns:
        if cap is None:
            grid.add_column(name, no_wrap=True)
        else:
            grid.add_column(name, max_width=cap, overflow="ellipsis")
    for c in contacts:
        row = _list_cells(c)
        grid.add_row(*cells(*(row[name] for name, _ in columns)))
    out.print(grid)
    out.print(Text(f"{len(contacts)} of {total} contacts", style="dim"))


def _facts(contact: Contact) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    rows = [
        ("Name", contact.display_name),
        ("First name", contact.first_name),
        ("Last name", contact.last_name),
        ("Organisation", contact.organisation.name if contact.organisation else ""),
        ("Title", contact.title),
        ("City", contact.city),
        ("Country", contact.country),
        ("Language", contact.language),
        ("Status", contact.status),
        (
            "Merged into",
            f"#{contact.merged_into_id} (relais merge list --contact {contact.pk})"
            if contact.merged_into_id
            else "",
        ),
        ("Owner", contact.owner.email if contact.owner else ""),
        ("Tags", ", ".join(t.name for t in contact.tags.all())),
        ("Created", short_date(contact.created_at)),
        ("Updated", short_date(contact.updated_at)),
    ]
    for label, value in rows:
        if value:
            grid.add_row(*cells(label, value))
    return grid


def _points(contact: Contact) -> Table:
    grid = table(
        "Kind", "Label", "Value", "Normalised", "Primary", title="Ways to reach"
    )
    for p in contact.points.all():
        grid.add_row(
            *cells(
                p.kind,
                p.label,
                p.value,
                p.normalized_value,
                "yes" if p.is_primary else "",
            )
        )
    return grid


def _provenance(contact: Contact) -> Table:
    grid = table("Source", "Record", "Kind", "Fields", "Recorded", title="Provenance")
    for entry in provenance_entries(contact):
        grid.add_row(
            *cells(
                entry["file"],
                entry["record"] or "",
                entry["kind"],
                ", ".join(entry["fields"]),
                entry["at"][:10],
            )
        )
    return grid


def _timeline(contact: Contact) -> Table:
    grid = table("When", "What", "Summary", title="Recent timeline")
    for entry in timeline_for(contact, limit=10):
        item = entry.item
        if isinstance(item, Interaction):
            what = (
                f"{item.get_channel_display()} {'←' if item.direction == 'in' else '→'}"
            )
            summary = item.subject
        elif isinstance(item, Note):
            what, summary = "Note", item.body.splitlines()[0] if item.body else ""
        else:
            what, summary = "Task done", item.title
        grid.add_row(*cells(short_date(entry.at), what, summary))
    return grid


def _tasks(contact: Contact) -> Table:
    grid = table("Due", "Task", "Assignee", title="Open tasks")
    for task in open_tasks_for(contact):
        assignee = task.assignee.email if task.assignee else ""
        grid.add_row(*cells(short_date(task.due_date), task.title, assignee))
    return grid


def print_detail(contact: Contact) -> None:
    out = console()
    out.print(Text(f"Contact {contact.pk}", style="bold"))
    out.print(_facts(contact))
    for section in (
        _points(contact),
        _provenance(contact),
        _timeline(contact),
        _tasks(contact),
    ):
        if section.row_count:
            out.print(section)
