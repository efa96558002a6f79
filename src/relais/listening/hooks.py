"""Signals upper areas subscribe to, so listening never imports them (docs/architecture.md).

``mentions_stored`` is sent after a batch is stored, with ``mentions``: the new and edited ones.
"""

from __future__ import annotations

from django.dispatch import Signal

mentions_stored = Signal()
