"""Web UI: every page needs a signed-in user; signing in and out."""

from __future__ import annotations

import pytest
from django.test import Client

PAGES = [
    "/contacts/",
    "/contacts/new/",
    "/contacts/1/",
    "/contacts/1/edit/",
    "/tasks/",
    "/contacts/point-row/",
]
POSTS = [
    "/contacts/1/notes/",
    "/contacts/1/tags/",
    "/contacts/1/tags/remove/",
    "/contacts/1/tasks/",
    "/contacts/1/interactions/",
    "/tasks/1/complete/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_redirect_to_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", POSTS)
def test_changes_redirect_to_login_and_change_nothing(client: Client, url: str) -> None:
    response = client.post(url, {"note-body": "hello"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_root_goes_to_contacts(client: Client, member) -> None:
    client.force_login(member)
    assert client.get("/")["Location"] == "/contacts/"


def test_sign_in_page(client: Client, db) -> None:
    response = client.get("/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'type="email"' in body and 'name="password"' in body
    assert "csrfmiddlewaretoken" in body


def test_sign_in_and_out(client: Client, member) -> None:
    response = client.post(
        "/login/", {"username": "marc@relais.test", "password": "member-pass-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/contacts/"
    assert client.get("/contacts/").status_code == 200

    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/contacts/").status_code == 302


def test_sign_in_follows_next(client: Client, member) -> None:
    response = client.post(
        "/login/?next=/tasks/",
        {
            "username": "marc@relais.test",
            "password": "member-pass-123",
            "next": "/tasks/",
        },
    )
    assert response["Location"] == "/tasks/"


def test_wrong_password_is_explained(client: Client, member) -> None:
    response = client.post(
        "/login/", {"username": "marc@relais.test", "password": "nope"}
    )
    assert response.status_code == 200
    assert "This email and password do not match" in response.content.decode()


def test_signed_in_user_skips_the_login_page(client: Client, member) -> None:
    client.force_login(member)
    assert client.get("/login/")["Location"] == "/contacts/"


def test_unknown_page_uses_the_404_page(client: Client, member) -> None:
    client.force_login(member)
    response = client.get("/contacts/987654/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in body
    assert "Traceback" not in body and "NotFound" not in body


def test_an_unexpected_error_shows_the_500_page_without_details(
    client: Client, member, monkeypatch
) -> None:
    from relais.contacts import selectors

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database exploded: SECRET internals")

    monkeypatch.setattr(selectors, "list_contacts", broken)
    client.raise_request_exception = False
    client.force_login(member)
    response = client.get("/contacts/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "SECRET" not in body and "Traceback" not in body
