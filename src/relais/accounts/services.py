"""Use cases for users, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from relais.audit.services import record
from relais.core.errors import Forbidden, InvalidInput, NotFound

from .models import ApiToken, Role, User

TOKEN_PREFIX = "rls_"  # noqa: S105 - a public prefix that makes leaked tokens recognisable


def ensure_can_write(actor: User | None) -> None:
    """Refuse a write by a read-only or inactive user; ``None`` is the local system (CLI, jobs)."""
    if actor is not None and not actor.can_write:
        raise Forbidden("Your role is read-only: you cannot change data.")


def ensure_admin(actor: User | None) -> None:
    """Refuse an administrative action by anyone but an admin or the local system."""
    if actor is not None and not actor.is_admin:
        raise Forbidden("Only an admin can do this.")


def create_user(
    *,
    actor: User | None,
    email: str,
    password: str | None,
    role: str = Role.MEMBER,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Add a user to the workspace. ``password=None`` gives an unusable password: the user
    cannot sign in until one is set (demo colleagues, future invitations)."""
    ensure_admin(actor)
    email = email.strip().lower()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = f"'{email}' is not a valid email address."
    if role not in Role.values:
        errors["role"] = (
            f"Unknown role '{role}': choose one of {', '.join(Role.values)}."
        )
    try:
        if password is not None:
            validate_password(password)
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if not errors.get("email") and User.objects.filter(email=email).exists():
        errors["email"] = f"A user with the email {email} already exists."
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            password,
            role=role,
            first_name=first_name,
            last_name=last_name,
            is_staff=role == Role.ADMIN,
        )
        record(
            actor=actor,
            action="user.create",
            obj=user,
            changes={"email": email, "role": role},
        )
    return user


def set_password(*, actor: User | None, user: User, password: str) -> User:
    """Give ``user`` a new password (an admin, the user themself, or the local system)."""
    if actor is not None and actor != user:
        ensure_admin(actor)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput({"password": " ".join(exc.messages)}) from None
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor=actor, action="user.password", obj=user)
    return user


def get_user_by_email(email: str) -> User:
    try:
        return User.objects.get(email=email.strip().lower())
    except User.DoesNotExist:
        raise NotFound(f"No user with the email {email}.") from None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(
    *, actor: User | None, user: User, name: str
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; the clear token is returned once and never stored."""
    if actor is not None and actor != user:
        ensure_admin(actor)
    name = name.strip()
    if not name:
        raise InvalidInput(
            {"name": "Give the token a name, e.g. the script that will use it."}
        )
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], digest=_digest(clear), hint=clear[:10]
        )
        record(
            actor=actor,
            action="token.create",
            obj=token,
            changes={"user": user.email, "name": name},
        )
    return token, clear


def authenticate_token(clear: str) -> User | None:
    """Return the active user holding this token, or ``None``."""
    if not clear.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(clear), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_api_token(*, actor: User | None, token: ApiToken) -> None:
    if actor is not None and actor != token.user:
        ensure_admin(actor)
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="token.revoke", obj=token)


def set_language(*, actor: User | None, user: User, language: str) -> User:
    """Set the language ``user`` reads Relais and its emails in (``fr`` or ``en``)."""
    from django.conf import settings

    if actor is not None and actor != user:
        ensure_admin(actor)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise InvalidInput(
            {"language": f"Unknown language '{language}': use en or fr."}
        )
    if user.language == language:
        return user
    with transaction.atomic():
        old = user.language
        user.language = language
        user.save(update_fields=["language"])
        record(
            actor=actor,
            action="user.language",
            obj=user,
            changes={"language": [old, language]},
        )
    return user
