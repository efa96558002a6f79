"""Every RELAIS_* environment variable Relais reads is documented for the people deploying it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_READ = re.compile(
    r"""(?:environ(?:\.get\(|\[)|env_(?:bool|int|float|duration|str)\()\s*["'](RELAIS_[A-Z_]+)["']"""
)


def test_every_environment_variable_read_by_the_code_is_in_the_deployment_guide():
    read = set()
    for path in (ROOT / "src/relais").rglob("*.py"):
        read |= set(ENV_READ.findall(path.read_text()))
    documented = set(
        re.findall(r"`(RELAIS_[A-Z_]+)`", (ROOT / "docs/deployment.md").read_text())
    )
    assert {"RELAIS_DATABASE_URL", "RELAIS_DEBUG"} <= read, "the scan is broken"
    assert sorted(read - documented) == []
