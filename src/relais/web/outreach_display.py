"""Why a contact does not receive a campaign, in the user's words, with what to do about it.

The reasons are the codes of ``relais.outreach.services.recipients`` (kept on each delivery);
the campaign page shows them before the start (who would receive it now) and after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REASONS: dict[str, tuple[Promise, Promise]] = {
    "no_lawful_basis": (
        _("No lawful basis for marketing"),
        _(
            "Record their consent, legitimate interest or customer contract on each contact "
            "page (Privacy), or choose “Service message” for a message they expect."
        ),
    ),
    "no_email": (_("No email address"), _("Add an address on the contact page.")),
    "invalid_email": (
        _("Every address bounced"),
        _("Find a current address and add it on the contact page."),
    ),
    "opted_out": (_("Opted out"), _("They asked not to receive marketing.")),
    "unsubscribed": (
        _("Unsubscribed"),
        _("They unsubscribed from an earlier message."),
    ),
    "suppressed": (_("Erased"), _("Their details were erased at their request.")),
    "merged": (_("Merged into another contact"), _("The other contact receives it.")),
    "archived": (_("Archived"), _("Archived contacts receive nothing.")),
    "stopped": (_("Sequence stopped"), _("They replied, bounced or unsubscribed.")),
}


@dataclass(frozen=True)
class ReasonRow:
    code: str
    label: str
    hint: str
    count: int


def reason_rows(counts: dict[str, int]) -> list[ReasonRow]:
    """One row per reason, most frequent first; an unknown code is shown as it is."""
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        label, hint = REASONS.get(code, (code, ""))
        rows.append(ReasonRow(code, str(label), str(hint), count))
    return rows
