"""The timeline area of the REST API: interactions, tasks and a contact's timeline."""

from .interactions import router as interactions
from .tasks import router as tasks
from .timeline import router as timeline

routers = [timeline, interactions, tasks]

__all__ = ["routers"]
