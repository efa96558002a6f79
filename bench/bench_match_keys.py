"""Cost of the matching keys an import computes at its end (``refresh_keys_for_batch``).

Runs on the database of an existing Relais data directory (for instance the one a
`relais import` of a generated Google CSV left) and rewrites the keys of every active contact,
as an import does for the contacts it brought in. Reports wall and CPU time per contact; the
keys are rewritten in place (same contacts, same keys), so the run changes nothing.

    RELAIS_DATA_DIR=/tmp/imp/d20 .venv/bin/python bench/bench_match_keys.py
"""

from __future__ import annotations

import cProfile
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")


def main() -> None:
    import django

    django.setup()
    from relais.contacts.models import Contact
    from relais.matching.engine import refresh_keys
    from relais.matching.models import MatchKey

    ids = list(
        Contact.objects.exclude(status=Contact.Status.ARCHIVED).values_list(
            "pk", flat=True
        )
    )
    # --profile FILE: also write a cProfile of the run to FILE.
    target = (
        sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else ""
    )
    profile = cProfile.Profile() if target else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    refresh_keys(ids)
    if profile:
        profile.disable()
        profile.dump_stats(target)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(
        f"refresh_keys of {len(ids):,} contacts ({MatchKey.objects.count():,} keys): "
        f"{wall:.1f} s wall, {cpu:.1f} s CPU, {cpu / len(ids) * 1e6:,.0f} µs CPU a contact; "
        f"load {' '.join(load)}"
    )


if __name__ == "__main__":
    main()
