"""Fixtures of the listening tests: a local feed server the outbound fetch may reach."""

from __future__ import annotations

import pytest

from tests.feed_server import FeedServer


@pytest.fixture
def feeds(settings):
    with FeedServer() as server:
        settings.RELAIS_OUTBOUND_ALLOW = server.allow
        yield server
