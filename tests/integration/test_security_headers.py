"""Security headers on every page, no inline script for the CSP to block, and the deployment
check (issue 25)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .cli_workspace import workspace

PAGES = ["/", "/contacts/", "/segments/new/", "/account/", "/imports/", "/tasks/"]
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\son[a-z]+=|hx-on|js:",
    re.IGNORECASE,
)


@pytest.mark.parametrize("page", PAGES)
def test_pages_send_the_headers_and_hold_no_inline_script(client: Client, member, page):
    client.force_login(member)
    answer = client.get(page, follow=True)
    assert answer.status_code == 200
    policy = answer["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe" not in policy.split("style-src")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["X-Frame-Options"] == "DENY"
    assert not INLINE.findall(answer.content.decode()), INLINE.findall(
        answer.content.decode()
    )


def test_the_api_answers_with_the_headers_too(client: Client):
    answer = client.get("/api/v1/contacts")
    assert answer.status_code == 401
    assert "frame-ancestors 'none'" in answer["Content-Security-Policy"]


def test_an_unexpected_host_is_refused_by_default(settings):
    from relais import settings as relais_settings

    assert "*" not in relais_settings.ALLOWED_HOSTS
    answer = Client(HTTP_HOST="evil.example").get("/")
    assert answer.status_code == 400


def test_check_deploy_names_what_a_tls_proxy_needs(tmp_path):
    with workspace(tmp_path) as ws:
        ws.env["RELAIS_BASE_URL"] = "https://crm.example.com"
        plain = ws.run("check", "--deploy")
        assert plain.returncode == 0, plain.stderr
        assert "relais.W002" in plain.stdout + plain.stderr
        assert (
            "security.W012" in plain.stdout + plain.stderr
        )  # session cookie not Secure
        ws.env.update(
            RELAIS_BEHIND_TLS_PROXY="true",
            RELAIS_ALLOWED_HOSTS="crm.example.com",
            RELAIS_SSL_REDIRECT="true",
        )
        proxied = ws.run("check", "--deploy")
        out = proxied.stdout + proxied.stderr
        assert "relais.W00" not in out and "W012" not in out and "W004" not in out, out
