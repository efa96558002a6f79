"""Reads on users and API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from relais.core.errors import NotFound

from .models import ApiToken, User


def list_users(*, include_inactive: bool = False) -> QuerySet[User]:
    qs = User.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("email", "id")


def get_user(user_id: int) -> User:
    try:
        return User.objects.get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(f"No user with id {user_id}.") from None


def list_tokens(user: User) -> QuerySet[ApiToken]:
    """The tokens ``user`` holds, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def get_token(user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens; another user's token is reported as missing."""
    try:
        return ApiToken.objects.select_related("user").get(pk=token_id, user=user)
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(f"You hold no token with id {token_id}.") from None


def list_api_tokens() -> QuerySet[ApiToken]:
    """Every API token with its user, newest first, revoked ones included."""
    return ApiToken.objects.select_related("user").order_by("-created_at", "-id")


def get_api_token(token_id: int) -> ApiToken:
    try:
        return ApiToken.objects.select_related("user").get(pk=token_id)
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(f"No API token with id {token_id}.") from None
