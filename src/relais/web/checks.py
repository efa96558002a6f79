"""``relais check --deploy``: what Relais adds to Django's deployment checks.

Django's own (security.W004 HSTS, W012 session cookie, W016 CSRF cookie, W018 debug…) are
reported too; these name the Relais settings that fix each problem (docs/deployment.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def relais_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    found: list[Warning] = []
    if "*" in settings.ALLOWED_HOSTS:
        found.append(
            Warning(
                "RELAIS_ALLOWED_HOSTS holds '*': any Host header is answered.",
                hint="Set RELAIS_ALLOWED_HOSTS to the names people reach Relais by.",
                id="relais.W001",
            )
        )
    base_https = settings.RELAIS_BASE_URL.startswith("https://")
    if base_https and not settings.RELAIS_BEHIND_TLS_PROXY:
        found.append(
            Warning(
                "RELAIS_BASE_URL is https:// but RELAIS_BEHIND_TLS_PROXY is off: cookies are "
                "not marked Secure and the proxy's X-Forwarded-Proto is not trusted.",
                hint="Set RELAIS_BEHIND_TLS_PROXY=true behind a reverse proxy that "
                "terminates TLS and sets X-Forwarded-Proto.",
                id="relais.W002",
            )
        )
    local = ("http://127.0.0.1", "http://localhost", "http://[::1]")
    if not base_https and not settings.RELAIS_BASE_URL.startswith(local):
        found.append(
            Warning(
                "RELAIS_BASE_URL is plain http://: sign-in and the links in emails travel "
                "unencrypted.",
                hint="Serve Relais behind a TLS proxy and set RELAIS_BASE_URL=https://…",
                id="relais.W003",
            )
        )
    return found
