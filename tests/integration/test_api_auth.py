"""Who may call the REST API: tokens, browser sessions with CSRF, roles. Routes come from the schema."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import pytest
from django.test import Client

from .api_fixtures import API, Api, bearer, token_for

pytestmark = pytest.mark.django_db

CSRF = "abcdefghijklmnopqrstuvwxyz012345"  # a well-formed CSRF secret for the cookie and the header


def operations() -> list[tuple[str, str]]:
    """Every (method, concrete path) of the OpenAPI schema, path parameters filled in."""
    from relais.api import api as ninja_api

    found = []
    for path, methods in ninja_api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            concrete = path
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    value = "1" if param["schema"].get("type") == "integer" else "VIP"
                    concrete = concrete.replace("{" + param["name"] + "}", value)
            found.append((method.upper(), concrete))
    return found


# Public by design, authenticated by an HMAC of the raw body instead of a user's token: the
# sender is a shop or a website, not a Relais user (tests/integration/test_automation_events.py).
SIGNED = {("POST", "/api/v1/events")}
OPERATIONS = [op for op in operations() if op not in SIGNED]
WRITES = [(m, p) for m, p in OPERATIONS if m != "GET"]
# POSTs that only read (their query is a body): read-only users may call them, as on the web.
READING_POSTS = {
    "/api/v1/segments/count",
    "/api/v1/outreach/templates/1/preview",
    "/api/v1/outreach/check",
}


def call(client: Client, method: str, path: str, **extra):
    return client.generic(method, path, "{}", content_type="application/json", **extra)


def session(user, *, csrf: bool) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if csrf:
        client.cookies["csrftoken"] = CSRF
    return client


def test_signed_routes_refuse_a_call_without_a_signature(anonymous: Api) -> None:
    for method, path in SIGNED:
        response = call(anonymous.client, method, path)
        assert response.status_code == 401
        assert "X-Relais-Signature" in response.json()["detail"]


def test_the_schema_lists_every_area() -> None:
    paths = {p for _, p in OPERATIONS}
    for area in (
        "contacts",
        "notes",
        "points",
        "tags",
        "tasks",
        "interactions",
        "organisations",
        "tokens",
        "me",
    ):
        assert any(p.startswith(f"{API}/{area}") for p in paths), area
    assert len(OPERATIONS) >= 40


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_needs_authentication(
    anonymous: Api, method: str, path: str
) -> None:
    response = call(anonymous.client, method, path)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentication required")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path"),
    [op for op in WRITES if "/tokens" not in op[1] and op[1] not in READING_POSTS],
)
def test_read_only_users_get_403_on_every_write(
    reader_api: Api, method: str, path: str
) -> None:
    response = call(reader_api.client, method, path)

    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_read_only_users_can_read(reader_api: Api, make_contact) -> None:
    make_contact(first_name="Jean")

    assert reader_api.get("/contacts").json()["count"] == 1
    assert reader_api.get("/me").json()["role"] == "readonly"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer rls_not-a-real-token",
        "Bearer ",
        "Token abc",
        "Basic dXNlcjpwYXNz",
        "Bearer \u00e9\u00e9",
    ],
)
def test_a_wrong_token_is_401(anonymous: Api, header: str) -> None:
    assert (
        anonymous.client.get(f"{API}/me", headers={"Authorization": header}).status_code
        == 401
    )


def test_a_token_identifies_its_user(api: Api, member) -> None:
    me = api.get("/me").json()

    assert (me["id"], me["email"], me["role"], me["can_write"]) == (
        member.pk,
        member.email,
        "member",
        True,
    )


def test_revoked_tokens_and_inactive_users_are_refused(member) -> None:
    from relais.accounts.models import ApiToken
    from relais.accounts.services import revoke_api_token

    client = bearer(member)
    assert client.get("/me").status_code == 200
    revoke_api_token(actor=None, token=ApiToken.objects.get(user=member))
    assert client.get("/me").status_code == 401

    client = bearer(member)
    member.is_active = False
    member.save()
    assert client.get("/me").status_code == 401


def test_a_session_reads_without_csrf_but_writes_only_with_it(member) -> None:
    without = session(member, csrf=False)
    assert without.get(f"{API}/me").json()["email"] == member.email
    refused = call(without, "POST", f"{API}/contacts")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    with_csrf = session(member, csrf=True)
    created = with_csrf.post(
        f"{API}/contacts",
        {"first_name": "Jean"},
        content_type="application/json",
        headers={"X-CSRFToken": CSRF},
    )
    assert created.status_code == 201


def test_a_token_request_needs_no_csrf(member) -> None:
    script = Api(
        Client(
            enforce_csrf_checks=True,
            headers={"Authorization": f"Bearer {token_for(member)}"},
        )
    )

    assert script.post("/contacts", {"first_name": "Jean"}).status_code == 201


def test_tokens_are_created_in_a_session_and_shown_once(member) -> None:
    browser = session(member, csrf=True)
    created = browser.post(
        f"{API}/tokens",
        {"name": "my script"},
        content_type="application/json",
        headers={"X-CSRFToken": CSRF},
    )

    assert created.status_code == 201
    clear = created.json()["token"]
    assert clear.startswith("rls_")
    assert clear.startswith(created.json()["hint"])

    script = Api(Client(headers={"Authorization": f"Bearer {clear}"}))
    listed = script.get("/tokens").json()
    assert [t["name"] for t in listed["items"]] == ["my script"]
    assert "token" not in listed["items"][0]

    assert (
        script.post("/tokens", {"name": "another"}).status_code == 401
    )  # no token minting tokens
    assert script.delete(f"/tokens/{created.json()['id']}").status_code == 204
    assert script.get("/me").status_code == 401


def test_nobody_revokes_someone_elses_token(api: Api, admin) -> None:
    from relais.accounts.models import ApiToken

    token_for(admin)
    theirs = ApiToken.objects.get(user=admin)

    assert api.delete(f"/tokens/{theirs.pk}").status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_read_only_users_manage_their_own_tokens(reader) -> None:
    browser = session(reader, csrf=True)
    created = browser.post(
        f"{API}/tokens",
        {"name": "reports"},
        content_type="application/json",
        headers={"X-CSRFToken": CSRF},
    )
    assert created.status_code == 201

    script = Api(Client(headers={"Authorization": f"Bearer {created.json()['token']}"}))
    assert script.get("/contacts").status_code == 200
    assert script.post("/contacts", {"first_name": "Jean"}).status_code == 403
    assert script.delete(f"/tokens/{created.json()['id']}").status_code == 204


def test_users_are_listed_for_owner_and_assignee_ids(api: Api, member, admin) -> None:
    users = api.get("/users").json()

    assert users["count"] == 2
    assert {u["email"]: u["id"] for u in users["items"]} == {
        admin.email: admin.pk,
        member.email: member.pk,
    }


def test_schema_and_docs_are_public(anonymous: Api) -> None:
    schema = anonymous.client.get(f"{API}/openapi.json")
    assert schema.status_code == 200
    assert set(schema.json()["components"]["securitySchemes"]) == {
        "TokenAuth",
        "BrowserSessionAuth",
    }
    assert anonymous.client.get(f"{API}/docs").status_code == 200


@pytest.mark.parametrize("path", ["/nothing/here", "/", "/contacts/"])
def test_unknown_api_paths_answer_json(api: Api, path: str) -> None:
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "/api/v1/docs" in response.json()["detail"]
