"""Country names as sources write them ("France", "Royaume-Uni", "UK", "fr") → ISO 3166-1 alpha-2.

``Contact.country`` holds a two-letter code, and phone numbers written without a prefix are
read in the record's country. libphonenumber already ships every region's name in many
languages (its geocoder data), so the table is built from it (English and French names)
rather than from another dependency, plus the usual short forms.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

from relais.core.text import fold

_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "angleterre": "GB",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "etats-unis": "US",
    "etats unis": "US",
    "holland": "NL",
    "deutschland": "DE",
    "espana": "ES",
    "italia": "IT",
    "schweiz": "CH",
    "suisse": "CH",
    "belgie": "BE",
}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    # The geocoder data takes ~0.7 s to import: only when a country name is first read.
    from phonenumbers.geocoder import _region_display_name

    names: dict[str, str] = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for lang in ("en", "fr"):
            name = _region_display_name(region, lang)
            if name:
                names.setdefault(fold(name), region)
    names.update(_ALIASES)
    return names


@lru_cache(maxsize=1024)
def country_code(value: str) -> str | None:
    """'France' → 'FR', 'gb' → 'GB'; None when the value names no known country."""
    key = fold(value).strip(" .")
    if len(key) == 2 and key.isalpha():
        code = key.upper()
        return code if code in phonenumbers.SUPPORTED_REGIONS else _names().get(key)
    return _names().get(key)
