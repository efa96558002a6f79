"""Settings for the tracking bench: Relais's own, plus the baseline view's URL."""

from relais.settings import *  # noqa: F403

ROOT_URLCONF = "bench_tracking_urls"
