"""The scoring model without a database: evidence in plain words, homonyms kept apart, shared
addresses and numbers weighed as evidence, and the SQL levels agreeing with the Python ones."""

from __future__ import annotations

import pytest

from relais.matching.engine import MatchRecord, score_batch
from relais.matching.engine.batch import prepare
from relais.matching.engine.identifiers import clearly_different
from relais.matching.features import Features, features_of
from relais.matching.model import COMPARISONS, dialect_sql
from relais.matching.scoring import levels_of, score_pair
from tests.fixtures_gen.duplicates import generate

FRED = MatchRecord(
    id=1,
    first_name="Frédéric",
    last_name="Canevet",
    organisation="Sellsy",
    title="Directeur marketing",
    city="Nice",
    emails=("f.canevet@sellsy.com",),
    phones=("+33639984712",),
    mobiles=("+33639984712",),
)


def _pair(a: MatchRecord, b: MatchRecord):
    return score_pair(a, b, features_of(a), features_of(b))


def _said(pair) -> dict[str, str]:
    return {e.field: e.detail % e.params for e in pair.evidence if e.detail}


def test_evidence_names_the_nickname_the_organisation_and_the_mobiles():
    other = MatchRecord(
        id=2,
        first_name="Fred",
        last_name="CANEVET",
        organisation="SELLSY SAS",
        phones=("+33639980000",),
        mobiles=("+33639980000",),
    )
    pair = _pair(FRED, other)
    said = _said(pair)
    assert said["first_name"] == "Fred is a nickname of Frédéric."
    assert said["organisation"] == "Same organisation (Sellsy)."
    assert said["phone"] == "Different mobile numbers (+33639984712, +33639980000)."
    weights = {e.field: e.weight for e in pair.evidence}
    assert weights["first_name"] > 0 and weights["organisation"] > 0
    assert weights["phone"] < 0
    assert pair.probability > 0.5


def test_evidence_reads_swapped_names_and_initials_as_they_were_meant():
    swapped = MatchRecord(id=2, first_name="CANEVET", last_name="Frédéric")
    said = _said(_pair(FRED, swapped))
    assert said["first_name"] == "Same first name (Frédéric)."
    assert said["last_name"] == "Same surname (Canevet)."
    initial = MatchRecord(id=3, first_name="F.", last_name="Canevet")
    assert _said(_pair(FRED, initial))["first_name"] == "F. is the initial of Frédéric."


def test_evidence_strongest_first_and_one_sided_fields_say_so():
    other = MatchRecord(id=2, first_name="Frédéric", last_name="Canevet")
    pair = _pair(FRED, other)
    weights = [abs(e.weight) for e in pair.evidence]
    assert weights == sorted(weights, reverse=True)
    missing = {e.field: e.detail for e in pair.evidence if e.outcome == "missing"}
    assert missing["organisation"] == "Only one side gives an organisation."


def test_two_jean_martin_with_different_lives_score_low():
    first = MatchRecord(
        id=1,
        first_name="Jean",
        last_name="Martin",
        organisation="Acme",
        city="Paris",
        emails=("jean.martin@acme.fr",),
        phones=("+33611111111",),
        mobiles=("+33611111111",),
    )
    second = MatchRecord(
        id=2,
        first_name="Jean",
        last_name="MARTIN",
        organisation="Globex",
        city="Lyon",
        emails=("jmartin@globex.com",),
        phones=("+33622222222",),
        mobiles=("+33622222222",),
    )
    assert _pair(first, second).probability < 0.1
    assert score_batch([first, second], min_probability=0.5) == []


def test_the_same_person_at_the_same_organisation_scores_high():
    other = MatchRecord(
        id=2,
        first_name="Fred",
        last_name="Canevet",
        organisation="Sellsy",
        emails=("fred.canevet@gmail.com",),
    )
    assert _pair(FRED, other).probability > 0.95


def test_a_personal_address_decides_alone_a_role_address_does_not():
    twin = MatchRecord(id=2, first_name="F.", last_name="Canevet", emails=FRED.emails)
    (pair,) = score_batch([FRED, twin])
    assert pair.decided_by == "identifier" and pair.probability == 1.0
    colleague = MatchRecord(
        id=3, first_name="Marie", last_name="Dupont", emails=("contact@sellsy.com",)
    )
    other = MatchRecord(
        id=4, first_name="Paul", last_name="Durand", emails=("contact@sellsy.com",)
    )
    assert score_batch([colleague, other]) == []
    pair = _pair(colleague, other)
    said = _said(pair)
    assert (
        said["email"]
        == "Same shared address (contact@sellsy.com): several people use it."
    )


def test_a_switchboard_shared_by_people_with_other_names_is_not_proof():
    people = [
        MatchRecord(id=i, first_name=first, last_name=last, phones=("+33140000000",))
        for i, (first, last) in enumerate(
            [("Marie", "Dupont"), ("Paul", "Durand"), ("Léa", "Bernard")], start=1
        )
    ]
    _, features, decided = prepare(people)
    assert decided == set()
    assert all(f.shared_phones == ["+33140000000"] for f in features.values())
    assert score_batch(people) == []


def test_a_mobile_shared_with_a_spouse_is_not_proof_but_with_a_nickname_it_is():
    spouse = MatchRecord(
        id=2,
        first_name="Marie",
        last_name="Canevet",
        mobiles=FRED.mobiles,
        phones=FRED.phones,
    )
    _, _, decided = prepare([FRED, spouse])
    assert decided == set()
    fred = MatchRecord(
        id=3, first_name="Fred", last_name="Canevet", mobiles=FRED.mobiles
    )
    _, _, decided = prepare([FRED, fred])
    assert decided == {(1, 3)}


def test_names_with_typos_or_swapped_are_not_clearly_different():
    def f(first: str, last: str) -> Features:
        return features_of(MatchRecord(id=1, first_name=first, last_name=last))

    assert not clearly_different(f("Sofia", "Russell"), f("foSia", "Russell"))
    assert not clearly_different(f("Russell", "Sofia"), f("Sofia", "Russell"))
    assert not clearly_different(f("Fred", "Canevet"), f("F.", "Canevet"))
    assert clearly_different(f("Jean", "Martin"), f("Marie", "Martin"))
    assert not clearly_different(f("", ""), f("Marie", "Martin"))


def test_generated_duplicates_are_found_and_homonyms_kept_apart():
    data = list(generate(1500, seed=21))
    truth = {r.id: person for r, person in data}
    pairs = score_batch([r for r, _ in data], min_probability=0.5)
    found = {(p.left_id, p.right_id) for p in pairs}
    true_pairs = {
        (a.id, b.id)
        for i, (a, pa) in enumerate(data)
        for b, pb in data[i + 1 :]
        if pa == pb
    }
    precision = len(found & true_pairs) / len(found)
    recall = len(found & true_pairs) / len(true_pairs)
    assert precision > 0.97 and recall > 0.93, (precision, recall)
    homonyms = [(a, b) for a, b in found - true_pairs if truth[a] != truth[b]]
    assert len(homonyms) <= 0.03 * len(found)


def test_sql_levels_agree_with_the_python_levels():
    """Each level is written twice (DuckDB SQL for Splink, Python for the incremental check)."""
    duckdb = pytest.importorskip("duckdb")
    from relais.matching.engine.duckdb_backend import load_table

    data = [r for r, _ in generate(400, seed=4)]
    data += [
        FRED,
        MatchRecord(id=9001, first_name="CANEVET", last_name="Frédéric"),
        MatchRecord(
            id=9002,
            first_name="F.",
            last_name="Canevet",
            emails=("contact@sellsy.com",),
        ),
        MatchRecord(id=9003, first_name="Canevett", last_name="Frederic", title="CMO"),
        # Same name through a nickname, look-alike addresses, a personal against a work one.
        MatchRecord(
            id=9004,
            first_name="Fred",
            last_name="Canevet",
            emails=("fcanevet75@gmail.com",),
        ),
        MatchRecord(
            id=9005,
            first_name="Frédéric",
            last_name="Canevet",
            emails=("frederic.canevet@free.fr", "x12@free.fr"),
        ),
    ]
    _, features, _ = prepare(data)
    con = duckdb.connect()
    load_table(con, list(features.values()))
    ids = sorted(features)
    pairs = [(a, b) for a, b in zip(ids, ids[1:], strict=False)]
    pairs += [(1, 9001), (1, 9002), (1, 9003), (9001, 9003)]
    pairs += [(1, 9004), (1, 9005), (9004, 9005), (9002, 9004)]
    pairs += [(ids[i], ids[(i * 7 + 3) % len(ids)]) for i in range(len(ids))]
    con.execute("CREATE TABLE pairs (a BIGINT, b BIGINT)")
    con.executemany("INSERT INTO pairs VALUES (?, ?)", pairs)
    columns = ", ".join(
        f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in Features.__dataclass_fields__
    )
    cases = []
    for comparison in COMPARISONS:
        whens = [f"WHEN {dialect_sql(comparison.null_sql, 'duckdb')} THEN -1"]
        whens += [
            f"WHEN {dialect_sql(level.sql, 'duckdb')} THEN {i}"
            for i, level in enumerate(comparison.levels[:-1])
        ]
        cases.append(f"CASE {' '.join(whens)} ELSE {len(comparison.levels) - 1} END")
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, {', '.join(cases)} FROM ("  # noqa: S608
        f"SELECT {columns} FROM pairs JOIN contacts l ON l.unique_id = pairs.a "
        "JOIN contacts r ON r.unique_id = pairs.b)"
    ).fetchall()
    assert len(rows) == len(pairs)
    for left, right, *sql_levels in rows:
        python = levels_of(features[left], features[right])
        for comparison, sql_level in zip(COMPARISONS, sql_levels, strict=True):
            expected = python[comparison.name]
            assert (-1 if expected is None else expected) == sql_level, (
                comparison.name,
                features[left],
                features[right],
            )


def test_addresses_made_from_one_name_do_not_join_two_people_bearing_it():
    """Two Camille Fordmontker at two companies: their addresses look alike because they are
    made from the same name, which says nothing about being one person."""
    at_work = MatchRecord(
        id=1,
        first_name="Camille",
        last_name="Fordmontker",
        organisation="Bretagne Studio XW SA",
        title="Responsable RH",
        emails=("camillefordmontker@bretagnestudioxw.com",),
    )
    namesake = MatchRecord(
        id=2,
        first_name="Camille",
        last_name="Fordmontker",
        organisation="Santé DR SA",
        title="Office manager",
        emails=("camille.fordmontker@free.fr", "melanie.tinmon12@hotmail.fr"),
    )
    pair = _pair(at_work, namesake)
    email = next(e for e in pair.evidence if e.field == "email")
    assert email.outcome != "agree" and email.weight <= 0
    assert pair.probability < 0.5


def test_an_address_made_from_the_name_says_nothing_between_nicknames_of_one_name():
    caroline = MatchRecord(
        id=1,
        first_name="Caroline",
        last_name="Courtboucor",
        emails=("c.courtboucor@free.fr",),
    )
    caro = MatchRecord(
        id=2,
        first_name="Caro",
        last_name="Courtboucor",
        organisation="Média Labs SAS",
        emails=("j.douwelllan@laposte.net",),
    )
    email = next(e for e in _pair(caroline, caro).evidence if e.field == "email")
    assert email.outcome == "disagree"
    # With an initial the address still tells which first name it stands for.
    initial = MatchRecord(
        id=3,
        first_name="F.",
        last_name="Canevet",
        emails=("frederic.canevet@gmail.com",),
    )
    said = _said(_pair(FRED, initial))
    assert said["email"].startswith("The email address is built from the name")


def test_a_linkedin_connection_merges_with_the_full_record_without_a_penalty_for_its_gaps():
    """A Connections.csv row: names, company, position, profile — no email, phone or city."""
    connection = MatchRecord(
        id=2,
        first_name="Frédéric",
        last_name="Canevet",
        organisation="Sellsy SAS",
        title="Directeur marketing",
        linkedin="https://www.linkedin.com/in/frederic-canevet",
    )
    pair = _pair(FRED, connection)
    assert pair.probability >= 0.98  # the default automatic-merge threshold
    gaps = {e.field: e.weight for e in pair.evidence if e.outcome == "missing"}
    assert set(gaps) >= {"email", "phone", "city", "linkedin"}
    assert all(weight == 0 for weight in gaps.values())


def test_a_personal_address_against_a_work_address_is_no_conflict():
    personal = MatchRecord(
        id=2,
        first_name="Frédéric",
        last_name="Canevet",
        organisation="Sellsy",
        emails=("fcanevet75@gmail.com",),
    )
    pair = _pair(FRED, personal)
    email = next(e for e in pair.evidence if e.field == "email")
    assert email.detail % email.params == (
        "A personal address on one side, a work address on the other "
        "(f.canevet@sellsy.com, fcanevet75@gmail.com)."
    )
    assert -1 < email.weight < 0
    # Two different personal addresses still disagree.
    other = MatchRecord(
        id=3, first_name="Frédéric", last_name="Canevet", emails=("fc.paris@orange.fr",)
    )
    assert (
        next(e for e in _pair(personal, other).evidence if e.field == "email").weight
        < -1
    )
