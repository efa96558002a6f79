"""A realistic demo workspace for ``relais demo``: French and English contacts, duplicates included.

``plan.py`` decides everything from a seed (pure data, deterministic); ``workspace.py`` writes
it through the services. The data is invented and cannot reach anyone: phone numbers come from
ranges reserved for fiction and every domain ends in ``.example`` (RFC 2606).
"""

from .plan import DEMO_USERS, DemoPlan, build_plan
from .workspace import DEMO_EMAIL, DEMO_SEED, DemoResult, populate_demo

__all__ = [
    "DEMO_EMAIL",
    "DEMO_SEED",
    "DEMO_USERS",
    "DemoPlan",
    "DemoResult",
    "build_plan",
    "populate_demo",
]
