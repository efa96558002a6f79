"""How audit entries' changes read on the audit pages: "Field: old → new", in people's words."""

from django.utils import translation

from relais.audit.display import EMPTY, ChangeLine, action_text, change_lines


def test_an_update_reads_old_to_new():
    assert change_lines({"title": ["Commercial", "Directrice commerciale"]}) == [
        ChangeLine("Title", "Commercial", "Directrice commerciale")
    ]


def test_empty_values_are_shown_as_empty():
    assert change_lines({"city": ["", "Lyon"], "owner": ["None", "marc@x.fr"]}) == [
        ChangeLine("City", EMPTY, "Lyon"),
        ChangeLine("Owner", EMPTY, "marc@x.fr"),
    ]


def test_values_set_by_a_creation_or_an_action():
    assert change_lines(
        {"email": "a@b.fr", "contacts": 3, "deactivated": False, "tags": ["VIP", "Été"]}
    ) == [
        ChangeLine("Email", None, "a@b.fr"),
        ChangeLine("Contacts", None, "3"),
        ChangeLine("Deactivated", None, "no"),
        ChangeLine("Tags", None, "VIP, Été"),
    ]


def test_nothing_and_odd_shapes():
    assert change_lines({}) == [] and change_lines(None) == []
    assert change_lines("free text") == [ChangeLine("", None, "free text")]


def test_tags_added_are_a_list_not_a_change():
    assert change_lines({"added": ["VIP", "Salon"], "removed": []}) == [
        ChangeLine("Added", None, "VIP, Salon"),
        ChangeLine("Removed", None, EMPTY),
    ]


def test_fields_are_named_by_the_model_in_the_language_of_the_page():
    changes = {"first_name": ["Anne", "Anna"], "lawful_basis": ["", "consent"]}
    with translation.override("fr"):
        lines = change_lines(changes, "contact")
        assert [line.field for line in lines] == ["Prénom", "Base légale"]
        assert change_lines({"done": True}, "task") == [
            ChangeLine("Terminée", None, "oui")
        ]
    assert change_lines(changes, "contact")[0].field == "First name"


def test_actions_read_as_sentences_in_both_languages():
    assert action_text("task.create") == "added a task"
    with translation.override("fr"):
        assert action_text("task.create") == "a ajouté une tâche"
    assert action_text("future.thing") == "future.thing"


def test_a_segment_definition_reads_as_its_criteria():
    definition = {
        "version": 1,
        "match": "all",
        "criteria": [{"field": "tags", "op": "any", "value": ["VIP", "Salon"]}],
    }
    assert (
        change_lines({"definition": definition}, "segment")[0].new
        == "tags any VIP, Salon"
    )


def test_a_reverse_relation_is_named_by_its_code():
    assert change_lines({"points": 2}, "contact") == [ChangeLine("Points", None, "2")]
