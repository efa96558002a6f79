"""Handover of a departing user's contacts and open tasks to a colleague.

Its own small area, above accounts, contacts and timeline, because it changes all three; no
models of its own. The use case is ``services.hand_over``.
"""
