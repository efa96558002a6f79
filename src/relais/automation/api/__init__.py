"""The automation area of the REST API: events (HMAC-signed) and workflows."""

from .events import router as events
from .workflows import router as workflows

routers = [events, workflows]

__all__ = ["routers"]
