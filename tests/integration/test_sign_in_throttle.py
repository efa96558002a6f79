"""Guessing passwords and API tokens is throttled per account and per client (issue 25): after
the limit, even the right password or token waits, with a message saying how long."""

from __future__ import annotations

from django.test import Client

from relais.accounts import throttle
from relais.accounts.services import create_api_token, create_user

PASSWORD = "correct horse battery"


def _user(email: str):
    return create_user(actor=None, email=email, password=PASSWORD, role="member")


def _sign_in(email: str, password: str, ip: str = "192.0.2.1"):
    return Client(REMOTE_ADDR=ip).post(
        "/login/", {"username": email, "password": password}
    )


def test_wrong_passwords_for_one_account_then_the_right_one_waits(db):
    _user("ann@example.org")
    _user("bob@example.org")
    for n in range(throttle.ACCOUNT_LIMIT):
        wrong = _sign_in("ann@example.org", f"guess {n}", ip=f"192.0.2.{n + 1}")
        assert wrong.status_code == 200 and "do not match" in wrong.content.decode()
    right = _sign_in("ann@example.org", PASSWORD, ip="198.51.100.7")
    assert (
        right.status_code == 200
    )  # the form again, not the redirect of a signed-in user
    assert (
        "Too many failed sign-in attempts: try again in 15 minutes"
        in right.content.decode()
    )
    assert (
        _sign_in("bob@example.org", PASSWORD).status_code == 302
    )  # other accounts sign in


def test_thirty_failures_from_one_client_block_it_whatever_the_account(db):
    _user("ann@example.org")
    for n in range(throttle.CLIENT_LIMIT):
        _sign_in(f"nobody{n}@example.org", "guess")
    assert "Too many failed" in _sign_in("ann@example.org", PASSWORD).content.decode()
    assert _sign_in("ann@example.org", PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_success_clears_the_account_count(db):
    _user("ann@example.org")
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        _sign_in("ann@example.org", "guess")
    assert _sign_in("ann@example.org", PASSWORD).status_code == 302
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        _sign_in("ann@example.org", "guess")
    assert _sign_in("ann@example.org", PASSWORD).status_code == 302


def test_guessing_api_tokens_is_throttled_per_client(db):
    user = _user("ann@example.org")
    _, token = create_api_token(actor=None, user=user, name="script")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(throttle.CLIENT_LIMIT):
        bad = guesser.get("/api/v1/contacts", HTTP_AUTHORIZATION=f"Bearer rls_guess{n}")
        assert bad.status_code == 401
    blocked = guesser.get("/api/v1/contacts", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.json()["detail"]
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        other.get("/api/v1/contacts", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 200
    )
