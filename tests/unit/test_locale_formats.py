"""One way to write a date and a percentage per language (issue 23)."""

import datetime as dt

from django.utils import formats, translation

MOMENT = dt.datetime(2026, 12, 8, 14, 5)


def test_english_writes_the_same_date_everywhere() -> None:
    with translation.override("en"):
        assert formats.date_format(MOMENT.date()) == "8 Dec 2026"
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == "8 Dec 2026"
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "8 Dec 2026, 14:05"
        assert (
            formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "8 Dec 2026, 14:05"
        )


def test_french_writes_the_same_date_everywhere() -> None:
    with translation.override("fr"):
        assert formats.date_format(MOMENT.date()) == "8 déc. 2026"
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == "8 déc. 2026"
        assert (
            formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "8 déc. 2026, 14:05"
        )


def test_dates_typed_in_forms_are_still_read() -> None:
    with translation.override("fr"):
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
    with translation.override("en"):
        assert "%Y-%m-%d" in formats.get_format("DATE_INPUT_FORMATS")


def test_percentages_follow_each_language() -> None:
    from relais.web.templatetags.relais_matching import percent

    with translation.override("en"):
        assert percent(0.884) == "88%"
    with translation.override("fr"):
        assert percent(0.884) == "88\u00a0%"
        assert percent(0.9956) == "99,6\u00a0%"
