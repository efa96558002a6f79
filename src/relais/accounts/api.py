"""API routes about the people using Relais: who am I, who is in the team, my API tokens.

Tokens are created from a signed-in browser session (or with ``relais token create``), never
with another token: a leaked token must not be able to mint its own replacements. Listing and
revoking work with either kind of authentication. A read-only user may manage their own tokens,
since reading through the API is what their role allows.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor, self_session_auth, self_token_auth
from relais.core.api_fields import InputSchema, Line, Paging, PathId
from relais.core.api_support import responses

from . import selectors, services
from .models import ApiToken, User

router = Router(tags=["account"])


class UserOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    language: str
    can_write: bool


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(InputSchema):
    name: Line


def _token_out(token: ApiToken, clear: str | None = None) -> dict[str, object]:
    out: dict[str, object] = {
        f: getattr(token, f)
        for f in ("id", "name", "hint", "created_at", "last_used_at", "revoked_at")
    }
    if clear is not None:
        out["token"] = clear
    return out


@router.get("/me", response=responses({200: UserOut}), summary="The signed-in user")
def me(request: HttpRequest) -> User:
    return actor(request)


@router.get(
    "/users",
    response=responses({200: list[UserOut]}),
    summary="Active users of the workspace",
)
@paginate(Paging)
def list_users(request: HttpRequest) -> object:
    return selectors.list_users()


@router.get(
    "/tokens", response=responses({200: list[TokenOut]}), summary="My API tokens"
)
@paginate(Paging)
def list_tokens(request: HttpRequest) -> object:
    return selectors.list_tokens(actor(request))


@router.post(
    "/tokens",
    response=responses({201: TokenCreatedOut}),
    auth=[self_session_auth],
    summary="Create an API token (browser session only)",
    description="The clear token is in the response, once; only its digest is stored.",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    user = actor(request)
    token, clear = services.create_api_token(actor=user, user=user, name=payload.name)
    return Status(201, _token_out(token, clear))


@router.delete(
    "/tokens/{token_id}",
    response=responses({204: None}),
    auth=[self_token_auth, self_session_auth],
    summary="Revoke one of my tokens",
)
def revoke_token(request: HttpRequest, token_id: PathId) -> Status[None]:
    user = actor(request)
    services.revoke_api_token(actor=user, token=selectors.get_token(user, token_id))
    return Status(204, None)
