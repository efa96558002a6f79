"""Property-based test of the whole REST API with Schemathesis, driven by its own OpenAPI schema.

Every operation is called with generated valid and invalid input, authenticated as a member,
through the real WSGI stack. Each answer must not be a 5xx, must use a documented status code
and content type, must match the documented schema, and invalid input must be refused with a 4xx.
Half of the generated ids are replaced by ids of existing rows so that updates and deletes reach
the service layer instead of stopping at a 404.
"""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as CHECKS_REGISTRY
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from relais.core.api_fields import MAX_ID
from relais.wsgi import application

from .api_fixtures import (
    token_for,
)

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20240601,
        "generation": {"mode": "all"},
        # The coverage phase doubles the run time; test_api_errors.py pins the boundary cases instead.
        "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": False}},
        # A schema-valid request may still break a business rule that JSON Schema cannot say
        # ("a name, an organisation or a way to reach the person", "the segment is used by a
        # campaign"): the API answers 422 with a message per field, documented on every
        # operation. Anything else (a 400, a 500) fails.
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": [
                    "2xx",
                    "3xx",
                    "401",
                    "403",
                    "404",
                    "409",
                    "422",
                    "429",
                ]
            }
        },
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", application, config=CONFIG
)

# "--checks all": every check Schemathesis has (the OpenAPI ones are registered on import).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    *(
        check
        for check in CHECKS_REGISTRY.get_all()
        if check.__name__
        not in {
            "not_a_server_error",
            "status_code_conformance",
            "content_type_conformance",
            "response_schema_conformance",
            "negative_data_rejection",
        }
    ),
]


@pytest.fixture
def keep_test_transaction():
    """Run requests inside the test's transaction, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def existing(db, member, make_contact) -> dict[str, int]:
    """One row of each kind, by the name of the path parameter that refers to it."""
    from relais.accounts.services import create_api_token
    from relais.contacts import services as contacts
    from relais.timeline import services as timeline

    contact = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        organisation="Acme",
        emails=["h@acme.fr"],
        tags=["VIP"],
    )
    note = contacts.add_note(actor=member, contact=contact, body="Met at the fair.")
    interaction = timeline.log_interaction(
        actor=member, channel="call", direction="out", contacts=[contact]
    )
    task = timeline.create_task(actor=member, title="Call back", contact=contact)
    from relais.matching.models import MatchCandidate
    from relais.matching.services import merge_contacts

    twin = make_contact(first_name="Helene", last_name="LEFEVRE")
    candidate = MatchCandidate.objects.create(
        left=contact, right=twin, probability=0.9, decided_by="model"
    )
    merge = merge_contacts(
        actor=member,
        survivor=make_contact(first_name="Seb", last_name="Roux"),
        merged=make_contact(first_name="Sébastien", last_name="Roux"),
    )
    from relais.contacts.segments.services import create_segment
    from relais.outreach.services.campaigns import create_campaign
    from relais.outreach.services.templates import create_template

    segment = create_segment(
        actor=member,
        name="VIP",
        definition={"criteria": [{"field": "tags", "op": "any", "value": "VIP"}]},
    )
    template = create_template(
        actor=member,
        name="Hello",
        language="fr",
        subject="Bonjour {{ first_name }}",
        body_text="Bonjour {{ first_name | default('vous') }}",
    )
    campaign = create_campaign(
        actor=member, name="Spring", segment=segment, steps=[(template, 0)]
    )
    make_contact(first_name="Ann\x1b", last_name="＝HYPERLINK(1)", tags=["VIP"])
    return {
        "segment_id": segment.pk,
        "template_id": template.pk,
        "campaign_id": campaign.pk,
        "contact_id": contact.pk,
        "organisation_id": contact.organisation_id,
        "point_id": contact.points.get().pk,
        "note_id": note.pk,
        "tag_id": contact.tags.get().pk,
        "interaction_id": interaction.pk,
        "task_id": task.pk,
        "token_id": create_api_token(actor=None, user=member, name="spare")[0].pk,
        "candidate_id": candidate.pk,
        "merge_id": merge.pk,
    }


@pytest.fixture
def member_token(member) -> str:
    return token_for(member)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_input_breaks_the_api(
    case, existing, member_token, keep_test_transaction
) -> None:
    for name, value in (case.path_parameters or {}).items():
        if (
            name in existing
            and isinstance(value, int)
            and 1 <= value <= MAX_ID
            and value % 2 == 0
        ):
            case.path_parameters[name] = existing[name]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {member_token}"}, checks=CHECKS
    )
