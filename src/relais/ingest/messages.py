"""Messages of a chunk onto the timeline: one interaction per message, once.

People in a message become contacts, or are found among them, by their address (an email,
or a LinkedIn profile URL for LinkedIn messages) and named as the message names them.
Workspace users are not contacts: a message they sent is outbound (``out``) and authored
by them, any other is inbound. A sender's signature fills the empty fields of the sender's
contact and adds the phones and addresses it gives, with the message as provenance.
Automated mail (newsletters, notifications, bounces) is skipped with its reason; a message
already on the timeline (same channel and external id, from another mailbox or an earlier
import) is not added twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from relais.timeline.models import Interaction, Participant

from .facts import PersonFacts, participant_facts, person_facts
from .readers import MessageRecord, Skipped
from .writer import Outcome, PeopleWriter, chunks

if TYPE_CHECKING:
    from relais.accounts.models import User

_ROLE_ORDER = {"from": 0, "to": 1, "cc": 2, "bcc": 3}


@dataclass
class MessageResult:
    """What writing one message did: its contacts' outcomes and the interaction, if any."""

    outcomes: list[Outcome] = field(default_factory=list)
    interaction_id: int | None = None
    contact_id: int | None = None  # the sender's contact, for the imported-record row
    filled: dict[str, str] = field(default_factory=dict)


def _existing_ids(messages: list[MessageRecord]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    by_channel: dict[str, set[str]] = {}
    for m in messages:
        by_channel.setdefault(m.channel, set()).add(m.external_id[:500])
    for channel, ids in by_channel.items():
        for part in chunks(ids):
            for external_id in Interaction.objects.filter(
                channel=channel, external_id__in=part
            ).values_list("external_id", flat=True):
                found.add((channel, external_id))
    return found


def write_messages(
    messages: list[MessageRecord],
    writer: PeopleWriter,
    users: dict[str, User],
    skipped: list[Skipped],
) -> list[MessageResult | None]:
    """Write the messages of a chunk; None for a message left out (reason in ``skipped``)."""
    results: list[MessageResult | None] = [None] * len(messages)
    known = _existing_ids(messages)
    kept: list[tuple[int, MessageRecord, list[tuple[str, int]]]] = []
    people: list[PersonFacts] = []
    for index, message in enumerate(messages):
        name, number = message.source_name, message.record_number
        if message.automated:
            skipped.append(
                Skipped(
                    name,
                    number,
                    "",
                    "automated message (newsletter, notification or bounce)",
                )
            )
            continue
        key = (message.channel, message.external_id[:500])
        if key in known:
            results[index] = MessageResult()  # already on the timeline: nothing to add
            continue
        known.add(key)
        roles: list[tuple[str, int]] = []
        everyone = ([message.sender] if message.sender else []) + message.recipients
        for participant in everyone:
            if participant.address.strip().lower() in users:
                continue
            facts = participant_facts(participant, name, number, skipped)
            if facts is not None:
                roles.append((participant.role, len(people)))
                people.append(facts)
        if not roles:
            skipped.append(
                Skipped(name, number, "", "no one outside the workspace takes part")
            )
            continue
        kept.append((index, message, roles))

    outcomes = writer.write(people)
    signatures: list[tuple[int, PersonFacts]] = []
    for index, message, roles in kept:
        result = MessageResult(outcomes=[outcomes[i] for _, i in roles])
        sender = next((outcomes[i] for role, i in roles if role == "from"), None)
        result.contact_id = (
            sender.contact_id if sender else result.outcomes[0].contact_id
        )
        if message.signature is not None and sender is not None:
            facts = person_facts(message.signature, skipped)
            if facts is not None:
                facts.contact_id = sender.contact_id
                signatures.append((index, facts))
        results[index] = result
    for (index, _), outcome in zip(
        signatures, writer.write([f for _, f in signatures]), strict=True
    ):
        enriched = results[index]
        assert enriched is not None
        enriched.outcomes.append(outcome)
        enriched.filled = outcome.filled

    interactions: list[tuple[int, Interaction, list[tuple[int, str]]]] = []
    for index, message, roles in kept:
        sender_address = (
            message.sender.address.strip().lower() if message.sender else ""
        )
        author = users.get(sender_address)
        interaction = Interaction(
            channel=message.channel,
            direction=Interaction.Direction.OUTBOUND
            if author is not None
            else Interaction.Direction.INBOUND,
            occurred_at=message.occurred_at or timezone.now(),
            subject=" ".join(message.subject.split())[:500],
            body=message.body,
            author=author,
            external_id=message.external_id[:500],
            created_by_batch=writer.batch,
        )
        contact_roles: dict[int, str] = {}
        for role, i in sorted(roles, key=lambda r: _ROLE_ORDER.get(r[0], 9)):
            contact_roles.setdefault(outcomes[i].contact_id, role)
        interactions.append((index, interaction, list(contact_roles.items())))
    Interaction.objects.bulk_create([i for _, i, _ in interactions])
    Participant.objects.bulk_create(
        [
            Participant(interaction_id=interaction.pk, contact_id=contact_id, role=role)
            for _, interaction, pairs in interactions
            for contact_id, role in pairs
        ]
    )
    for index, interaction, _ in interactions:
        written = results[index]
        assert written is not None
        written.interaction_id = interaction.pk
    return results
