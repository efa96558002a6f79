"""Rebuild src/relais/names/first_names.txt from Jörg Michael's first-name dictionary.

The matcher needs to know which words are first names ("CANEVET" / "Frédéric" is a surname in
capitals before a first name). That knowledge comes from a well-kept public list, not from the
demo's or the tests' names: ``nam_dict.txt`` (GNU FDL), shipped inside the ``gender-guesser``
package (a test extra). We keep every name the dictionary has seen in France, Belgium, Great
Britain, Ireland or the U.S.A. (any frequency), folded as the matcher folds them.

    .venv/bin/python scripts/build_first_names.py        # rewrite the file
    .venv/bin/python scripts/build_first_names.py --check  # exit 1 if the file is stale

tests/unit/test_first_names.py checks that the shipped file is what this script produces.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from relais.names.nicknames import fold_first_name  # noqa: E402

TARGET = ROOT / "src" / "relais" / "names" / "first_names.txt"
# Column of each country's frequency digit in nam_dict.txt (its header draws them).
COUNTRIES = {
    "Great Britain": 30,
    "Ireland": 31,
    "U.S.A.": 32,
    "France": 37,
    "Belgium": 38,
}
MIN_FREQUENCY = 1  # 1 = rare … D (13) = extremely common: any name seen there
HEADER = "# Built by scripts/build_first_names.py from nam_dict.txt (GNU FDL); do not edit.\n"


def source_lines() -> list[str]:
    data = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    return data.read_text(encoding="utf-8").splitlines()


def build(lines: list[str]) -> str:
    names: set[str] = set()
    for line in lines:
        # '#' lines are comments; '+' in column 29 marks a spelling variant the file expands.
        if line.startswith("#") or len(line) < 40 or line[29] == "+":
            continue
        name = line[3:29].strip()
        frequencies = [line[col] for col in COUNTRIES.values()]
        if any(c.strip() and int(c, 16) >= MIN_FREQUENCY for c in frequencies):
            folded = fold_first_name(name)
            if len(folded) > 1:
                names.add(folded)
    return HEADER + "".join(f"{name}\n" for name in sorted(names))


def main() -> int:
    text = build(source_lines())
    if "--check" in sys.argv:
        fresh = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("up to date" if fresh else f"{TARGET} is stale: rerun this script")
        return 0 if fresh else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 1} names to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
