"""The contacts area of the REST API: one router per resource, mounted by ``relais.api``."""

from .contacts import router as contacts
from .notes import router as notes
from .organisations import router as organisations
from .points import router as points
from .segments import router as segments
from .tags import router as tags

routers = [contacts, points, notes, tags, organisations, segments]

__all__ = ["routers"]
