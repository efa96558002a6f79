"""The community area of the REST API: authors with contributions and influence (read-only)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from relais.community import selectors
from relais.core.api_support import responses

router = Router(tags=["community"])


class ComponentsOut(Schema):
    reach: float
    engagement: float
    relevance: float
    activity: float


class AuthorOut(Schema):
    id: int
    source: str
    handle: str
    name: str
    contact_id: int | None
    kind: str
    contributions: dict[str, int]
    influence: float
    components: ComponentsOut


@router.get(
    "/authors", response=responses({200: list[AuthorOut]}), summary="List authors"
)
def list_authors(request: HttpRequest, kind: str = "") -> Any:
    """Mention authors, most influential first, with the components of the score."""
    return [r.as_dict() for r in selectors.author_rows() if not kind or r.kind == kind]
