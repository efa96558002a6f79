"""The matching area of the REST API: the duplicate review queue and merges."""

from .routes import router

routers = [router]

__all__ = ["routers"]
