"""GET /api/v1/authors: the authors with their components, behind a token."""

from __future__ import annotations

import pytest

from tests.integration import api_fixtures, test_community_web
from tests.integration.api_fixtures import Api

api = api_fixtures.api  # the fixtures, by name
community = test_community_web.community

pytestmark = pytest.mark.django_db


def test_api_lists_authors_with_components(api: Api, community):

    reply = api.get("/authors")
    assert reply.status_code == 200
    rows = reply.json()
    assert rows[0]["name"] == "Léa" and set(rows[0]["components"]) == {
        "reach",
        "engagement",
        "relevance",
        "activity",
    }
    assert [r["influence"] for r in rows] == sorted(
        (r["influence"] for r in rows), reverse=True
    )


def test_api_requires_a_token(client, community):
    assert client.get("/api/v1/authors").status_code == 401
