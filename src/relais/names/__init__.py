"""Knowledge about people's names that every area may use: first names and nicknames.

A neutral, pure package below the areas (no database, no Django models), so that contacts'
search and matching's normaliser share one table and production never reads the demo's names.
``nicknames`` is our own French/English table; ``first_names`` is built from a public list by
scripts/build_first_names.py.
"""
