"""How audit entries' changes read on the audit pages: "field: old → new"."""

from relais.audit.display import EMPTY, ChangeLine, change_lines


def test_an_update_reads_old_to_new():
    assert change_lines({"title": ["Commercial", "Directrice commerciale"]}) == [
        ChangeLine("title", "Commercial", "Directrice commerciale")
    ]


def test_empty_values_are_shown_as_empty():
    assert change_lines({"city": ["", "Lyon"], "owner": ["None", "marc@x.fr"]}) == [
        ChangeLine("city", EMPTY, "Lyon"),
        ChangeLine("owner", EMPTY, "marc@x.fr"),
    ]


def test_values_set_by_a_creation_or_an_action():
    assert change_lines(
        {"email": "a@b.fr", "contacts": 3, "deactivated": False, "tags": ["VIP", "Été"]}
    ) == [
        ChangeLine("email", None, "a@b.fr"),
        ChangeLine("contacts", None, "3"),
        ChangeLine("deactivated", None, "no"),
        ChangeLine("tags", None, "VIP, Été"),
    ]


def test_nothing_and_odd_shapes():
    assert change_lines({}) == [] and change_lines(None) == []
    assert change_lines("free text") == [ChangeLine("", None, "free text")]


def test_tags_added_are_a_list_not_a_change():
    assert change_lines({"added": ["VIP", "Salon"], "removed": []}) == [
        ChangeLine("added", None, "VIP, Salon"),
        ChangeLine("removed", None, EMPTY),
    ]
