"""Clients for the REST API tests: one per role, authenticated with a real API token.

Imported by the tests/integration/test_api_*.py modules (fixtures are looked up by name).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

API = "/api/v1"


class Api:
    """A thin JSON client for /api/v1 over Django's test client."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(API + path, params)

    def post(self, path: str, body: Any = None):
        return self.client.post(
            API + path, {} if body is None else body, content_type="application/json"
        )

    def put(self, path: str, body: Any = None):
        return self.client.put(
            API + path, {} if body is None else body, content_type="application/json"
        )

    def patch(self, path: str, body: Any = None):
        return self.client.patch(
            API + path, {} if body is None else body, content_type="application/json"
        )

    def delete(self, path: str):
        return self.client.delete(API + path)


def token_for(user) -> str:
    from relais.accounts.services import create_api_token

    return create_api_token(actor=None, user=user, name="tests")[1]


def bearer(user) -> Api:
    return Api(Client(headers={"Authorization": f"Bearer {token_for(user)}"}))


@pytest.fixture
def api(member) -> Api:
    """A member's client: reads and writes."""
    return bearer(member)


@pytest.fixture
def admin_api(admin) -> Api:
    return bearer(admin)


@pytest.fixture
def reader_api(reader) -> Api:
    return bearer(reader)


@pytest.fixture
def anonymous(db) -> Api:
    return Api(Client())
