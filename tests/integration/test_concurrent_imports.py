"""Two imports at once that bring the same new tags both succeed (issue 25: on PostgreSQL one
always crashed on an IntegrityError of the tag key)."""

from __future__ import annotations

import json

from .cli_workspace import RELAIS, workspace


def _csv(path, prefix: str) -> None:
    rows = ["first_name,last_name,email,tags"]
    rows += [
        f"{prefix}{n},Nom{n},{prefix.lower()}{n}@example.org,Salon {n % 40}; VIP {n % 7}"
        for n in range(400)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_two_imports_at_once_share_their_new_tags(tmp_path):
    import subprocess

    with workspace(tmp_path / "ws") as ws:
        assert ws.run("import", "--list").returncode == 0  # the database, migrated
        for prefix in ("A", "B", "C"):
            _csv(tmp_path / f"{prefix}.csv", prefix)
        processes = [
            subprocess.Popen(
                [RELAIS, "import", str(tmp_path / f"{prefix}.csv")],
                env=ws.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for prefix in ("A", "B", "C")
        ]
        outcomes = [(p.wait(timeout=300), *p.communicate()) for p in processes]
        for code, out, err in outcomes:
            assert code == 0, (out, err)
            assert "IntegrityError" not in err
        exported = ws.run("export").stdout.splitlines()
        assert len(exported) == 1200
        tags = {tag for line in exported for tag in json.loads(line)["tags"]}
        assert len(tags) == 47  # one tag per name, shared by the three imports
