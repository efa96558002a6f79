"""docs/api.md documents every path of the REST API: a new endpoint without docs fails here."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def documented_form(path: str) -> str:
    """'/api/v1/contacts/{contact_id}/notes' is written '/contacts/{id}/notes' in the docs."""
    return re.sub(r"\{\w+_id\}", "{id}", path.removeprefix("/api/v1"))


def test_every_api_path_is_documented() -> None:
    from relais.api import api

    text = DOC.read_text(encoding="utf-8")
    missing = [
        path
        for path in api.get_openapi_schema()["paths"]
        if not re.search(re.escape(documented_form(path)) + r"(?![\w/{])", text)
    ]

    assert not missing, f"Document these in docs/api.md: {missing}"
