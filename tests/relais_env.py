"""Loaded by pytest before Django settings (``-p tests.relais_env`` in pyproject.toml): every
test run gets its own data directory (SQLite file, secret key, job queue), so concurrent runs
never share a database file."""

import os
import tempfile

os.environ.setdefault("RELAIS_DATA_DIR", tempfile.mkdtemp(prefix="relais-test-"))
