"""Fixtures shared by the integration tests.

The integration fixture modules (api_fixtures, merge_fixtures…) are plugins, listed in
``pytest_plugins`` of tests/conftest.py (pytest accepts that list only in the top conftest), so a
test asks for ``api``, ``scored`` or ``audience`` by name without importing it. ``fake_engine``
selects a matching engine whose answers the test sets, by
the RELAIS_MATCHING_ENGINE setting (tests/fake_engine.py), instead of patching the engine module.
"""

from __future__ import annotations

import pytest

from tests import fake_engine as fake


@pytest.fixture
def fake_engine(settings) -> fake.Answers:
    """The answers of the fake matching engine, which this test's settings select."""
    settings.RELAIS_MATCHING_ENGINE = fake.PATH
    fake.FakeEngine.answers = fake.Answers()
    return fake.FakeEngine.answers
