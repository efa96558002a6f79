"""Shared fixtures. Integration tests run on SQLite by default and on PostgreSQL when
RELAIS_DATABASE_URL is set (the test runner runs them both ways)."""

from __future__ import annotations

import os

import pytest

# The integration tests' fixture modules, by name (tests/integration/conftest.py says more).
pytest_plugins = [
    "tests.integration.api_fixtures",
    "tests.integration.merge_fixtures",
    "tests.integration.outreach_fixtures",
    "tests.integration.outreach_track_fixtures",
    "tests.integration.privacy_fixtures",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A PostgreSQL test database of its own per run, so concurrent runs never collide."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" in db["ENGINE"]:
        db.setdefault("TEST", {})["NAME"] = f"test_relais_{os.getpid()}"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a password takes ~0.3 s with the production hasher; tests need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_sign_in_throttle():
    """Each test starts with no failed sign-in counted (relais.accounts.throttle): tests of
    wrong tokens and passwords all come from 127.0.0.1 and would add up across the run."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def admin(db):
    from relais.accounts.models import Role, User

    return User.objects.create_user(
        "admin@relais.test",
        "admin-pass-123",
        role=Role.ADMIN,
        first_name="Alice",
        last_name="Admin",
    )


@pytest.fixture
def member(db):
    from relais.accounts.models import Role, User

    return User.objects.create_user(
        "marc@relais.test",
        "member-pass-123",
        role=Role.MEMBER,
        first_name="Marc",
        last_name="Membre",
    )


@pytest.fixture
def reader(db):
    from relais.accounts.models import Role, User

    return User.objects.create_user(
        "rita@relais.test",
        "reader-pass-123",
        role=Role.READONLY,
        first_name="Rita",
        last_name="Reader",
    )


@pytest.fixture
def make_contact(db):
    """Create a contact through the service layer, as any entrypoint would."""
    from relais.contacts import services

    def make(**kwargs):
        emails = kwargs.pop("emails", [])
        phones = kwargs.pop("phones", [])
        points = [services.PointInput("email", e) for e in emails] + [
            services.PointInput("phone", p) for p in phones
        ]
        kwargs.setdefault("source", services.Source.manual("api"))
        kwargs.setdefault("actor", None)
        return services.create_contact(points=points, **kwargs)

    return make
