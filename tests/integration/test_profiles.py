"""Communication profiles on a real database: the questionnaire behind the self-update link,
colleagues' assessments averaged, the style of inbound messages (and its abstention), the
profile page and card in both languages, the coach beside the mail form, the API and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.cache import cache
from django.test import Client

from relais.cli.commands import cli
from relais.insight import services
from relais.insight.models import Assessment
from relais.insight.profiles import profile_for
from relais.insight.questionnaire import ITEMS
from relais.insight.style_training import read_corpus
from relais.privacy.models import SelfUpdateLink
from relais.privacy.services.erasure import erase_contacts
from relais.privacy.services.self_update import issue_link
from relais.timeline.services import log_interaction

from .api_fixtures import bearer

pytestmark = pytest.mark.django_db
CORPUS = {
    w.id: w for w in read_corpus(Path(__file__).resolve().parents[2] / "data" / "style")
}
ANSWERS_D = {
    i.key: (5 if i.sign > 0 else 1) if i.axis == "pace" else (1 if i.sign > 0 else 5)
    for i in ITEMS
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jan(make_contact, member):
    return make_contact(
        first_name="Jan", last_name="Vos", emails=["jan@halden.example"], owner=member
    )


def wrote(contact, writer_id: str) -> None:
    for text in CORPUS[writer_id].texts:
        log_interaction(
            actor=None,
            channel="email",
            direction="in",
            contacts={contact: "from"},
            body=text,
        )


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_questionnaire_link_is_the_self_update_link(jan, member):
    url = services.questionnaire_url(jan, actor=member)
    link = SelfUpdateLink.objects.get(contact=jan, revoked_at__isnull=True)
    assert url.endswith(f"/profile/{link.token}/")
    assert services.questionnaire_url(jan, actor=member) == url  # no new link each time
    assert Client().get(f"/update/{link.token}/").status_code == 200


def test_questionnaire_answers_make_a_self_profile(jan, member):
    token = token_of(services.questionnaire_url(jan, actor=member))
    client = Client()
    page = client.get(f"/profile/{token}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert "Je prends les choses en main." in page.content.decode()
    missing = client.post(
        f"/profile/{token}/", {k: v for k, v in ANSWERS_D.items() if k != "f3"}
    )
    assert missing.status_code == 400
    assert 'id="q-f3"' in missing.content.decode() and not Assessment.objects.exists()
    done = client.post(f"/profile/{token}/", ANSWERS_D)
    assert done.status_code == 200
    profile = profile_for(jan)
    assert profile.primary.kind == "self" and profile.position.type == "D"
    assert profile.primary.confidence == 0.9
    client.post(
        f"/profile/{token}/", {k: 3 for k in ANSWERS_D}
    )  # answering again replaces
    assert Assessment.objects.filter(contact=jan, source="self").count() == 1


def test_questionnaire_link_dies_with_the_self_update_link(jan, member, admin):
    token = token_of(services.questionnaire_url(jan, actor=member))
    issue_link(actor=member, contact=jan)  # a newer self-update link replaces it
    assert Client().get(f"/profile/{token}/").status_code == 404
    assert Client().get("/profile/forged-token/").status_code == 404
    token = token_of(services.questionnaire_url(jan, actor=member))
    Client().post(f"/profile/{token}/", ANSWERS_D)
    erase_contacts(actor=admin, contacts=[jan])
    assert not Assessment.objects.exists()
    assert Client().get(f"/profile/{token}/").status_code == 404


def test_colleagues_are_averaged_with_their_count(jan, member, admin):
    services.assess(
        actor=member, contact=jan, sliders={"s1": 100, "s2": 80, "s3": 0, "s4": 20}
    )
    services.assess(
        actor=admin, contact=jan, sliders={"s1": 80, "s2": 100, "s3": 20, "s4": 0}
    )
    services.assess(
        actor=admin, contact=jan, sliders={"s1": 90, "s2": 90, "s3": 10, "s4": 10}
    )  # replaces
    source = profile_for(jan).primary
    assert source.kind == "colleagues" and source.count == 2
    assert source.position.type == "D"
    assert (
        round(source.position.pace, 2) == 0.8
        and round(source.position.focus, 2) == -0.8
    )


def test_reader_cannot_assess(jan, reader):
    client = Client()
    client.force_login(reader)
    response = client.post(
        f"/contacts/{jan.pk}/profile/assess/", {"s1": 50, "s2": 50, "s3": 50, "s4": 50}
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_text_source_abstains_then_reads_the_style(jan):
    log_interaction(
        actor=None,
        channel="email",
        direction="in",
        contacts={jan: "from"},
        body="OK, send it.",
    )
    profile = profile_for(jan)
    assert profile.position is None
    assert profile.sources[0].kind == "text" and profile.sources[0].position is None
    wrote(jan, "en-04")
    profile = profile_for(jan)
    assert profile.primary.kind == "text"
    assert profile.position.disc == "D"
    assert profile.primary.count == len(CORPUS["en-04"].texts) + 1
    assert 0 < profile.primary.confidence < 0.9


def test_outbound_messages_do_not_count_as_their_writing(jan, member):
    for text in CORPUS["en-17"].texts:
        log_interaction(
            actor=member,
            channel="email",
            direction="out",
            contacts={jan: "to"},
            body=text,
        )
    assert profile_for(jan).sources == []


def test_contact_page_and_profile_page_in_both_languages(jan, member):
    wrote(jan, "en-04")
    client = Client()
    client.force_login(member)
    card = client.get(f"/contacts/{jan.pk}/").content.decode()
    assert 'id="profile"' in card and "Based on the style of 4 messages" in card
    page = client.get(
        f"/contacts/{jan.pk}/profile/?channel=call&goal=bad_news"
    ).content.decode()
    assert "Jan Vos tends to be decisive" in page
    assert "[bad_news-direct]" in page and "[call-task]" in page
    fr = client.get(
        f"/contacts/{jan.pk}/profile/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Jan Vos a tendance à être décidé" in fr
    assert (
        "D’après le style de 4 messages" in fr or "D'après le style de 4 messages" in fr
    )


def test_colleague_form_reports_bad_sliders(jan, member):
    client = Client()
    client.force_login(member)
    response = client.post(
        f"/contacts/{jan.pk}/profile/assess/",
        {"s1": 50, "s2": 500, "s3": "x", "s4": 50},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "s2:" in body and "s3:" in body and not Assessment.objects.exists()


def test_coach_fragment_beside_the_mail_form(jan, member):
    services.assess(
        actor=member, contact=jan, sliders={"s1": 100, "s2": 100, "s3": 0, "s4": 0}
    )
    client = Client()
    client.force_login(member)
    form = client.get(f"/contacts/{jan.pk}/email/").content.decode()
    assert f"/contacts/{jan.pk}/email/coach/" in form
    long_cold = (
        "Following up on the matter discussed previously regarding arrangements. " * 20
    )
    fragment = client.post(
        f"/contacts/{jan.pk}/email/coach/", {"body_text": long_cold}
    ).content.decode()
    assert 'data-code="too_long"' in fragment
    short = client.post(
        f"/contacts/{jan.pk}/email/coach/", {"body_text": "Hi Jan, sign by Friday?"}
    )
    assert 'data-code="too_long"' not in short.content.decode()


def test_api_profile_assess_playbook_style(jan, member, reader):
    api = bearer(member)
    empty = api.get(f"/contacts/{jan.pk}/profile").json()
    assert empty["type"] is None and empty["sources"] == []
    assert (
        api.get(
            f"/contacts/{jan.pk}/playbook", channel="email", goal="sell"
        ).status_code
        == 404
    )
    bad = api.post(
        f"/contacts/{jan.pk}/assessments", {"s1": 101, "s2": 50, "s3": 50, "s4": 50}
    )
    assert bad.status_code == 422 and "s1" in bad.json()["errors"]
    ok = api.post(
        f"/contacts/{jan.pk}/assessments", {"s1": 90, "s2": 90, "s3": 90, "s4": 90}
    )
    assert (
        ok.status_code == 200
        and ok.json()["disc"] == "I"
        and ok.json()["source"] == "colleagues"
    )
    book = api.get(
        f"/contacts/{jan.pk}/playbook", channel="meeting", goal="conflict", lang="fr"
    ).json()
    assert {line["rule"] for line in book["say"]} == {"conflict-direct"}
    style = api.post("/profile/style", {"texts": CORPUS["fr-13"].texts}).json()
    assert style["enough_text"] and style["disc"] == "I" and style["lang"] == "fr"
    assert (
        bearer(reader)
        .post(f"/contacts/{jan.pk}/assessments", {"s1": 1, "s2": 1, "s3": 1, "s4": 1})
        .status_code
        == 403
    )
    assert (
        api.post(
            f"/contacts/{jan.pk}/coach", {"body": "Hello", "lang": "en"}
        ).status_code
        == 200
    )


def test_cli_style_contract():
    runner = CliRunner()
    text = "\n---\n".join(CORPUS["en-29"].texts)
    result = runner.invoke(
        cli, ["profile", "style", "--format", "json", "--lang", "en"], input=text
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["enough_text"] is True and record["disc"] == "C"
    assert record["pace"] == "reflective" and record["focus"] == "task"
    assert 0 < record["confidence"] <= 1 and record["words"] > 150 and record["markers"]
    short = json.loads(
        runner.invoke(cli, ["profile", "style"], input="Bien reçu, merci.").output
    )
    assert short["enough_text"] is False
    assert (
        short["pace"]
        is short["focus"]
        is short["disc"]
        is short["type"]
        is short["confidence"]
        is None
    )


def test_cli_show_and_playbook(jan, member):
    services.assess(
        actor=member, contact=jan, sliders={"s1": 10, "s2": 10, "s3": 90, "s4": 90}
    )
    runner = CliRunner()
    shown = runner.invoke(cli, ["profile", "show", str(jan.pk), "--format", "json"])
    assert json.loads(shown.output)["profile"]["disc"] == "S"
    book = runner.invoke(
        cli,
        [
            "profile",
            "playbook",
            str(jan.pk),
            "--channel",
            "call",
            "--goal",
            "sell",
            "--lang",
            "fr",
        ],
    )
    assert "[sell-reflective]" in book.output and "[sell-people]" in book.output
    missing = runner.invoke(cli, ["profile", "show", "999999"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_stored_profile_feeds_the_export_and_segments(jan, make_contact, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relais.contacts.export import contacts_for_export, write_jsonl
    from relais.contacts.segments.selectors import contacts_matching
    from relais.core.errors import InvalidInput
    from relais.insight.models import ContactProfile

    sam = make_contact(first_name="Sam", last_name="Ode", emails=["sam@example.org"])
    kim = make_contact(first_name="Kim", last_name="Lau", emails=["kim@example.org"])
    services.assess(
        actor=member, contact=jan, sliders={"s1": 90, "s2": 90, "s3": 10, "s4": 10}
    )
    services.assess(
        actor=member, contact=sam, sliders={"s1": 10, "s2": 10, "s3": 90, "s4": 90}
    )
    wrote(kim, "fr-09")  # text only: stored by the refresh, not yet
    assert not ContactProfile.objects.filter(contact=kim).exists()
    result = CliRunner().invoke(cli, ["profile", "refresh"])
    assert result.exit_code == 0 and "3 profile(s) stored." in result.output

    def names(definition):
        return {c.first_name for c in contacts_matching(definition)}

    both = {
        "match": "all",
        "criteria": [{"field": "profile", "op": "in", "value": ["D", "I"]}],
    }
    assert names(both) == {"Jan", "Kim"}
    s_only = {"criteria": [{"field": "profile", "op": "in", "value": ["S"]}]}
    assert names(s_only) == {"Sam"}
    not_d = {"criteria": [{"field": "profile", "op": "not_in", "value": ["D"]}]}
    assert "Jan" not in names(not_d) and {"Sam", "Kim"} <= names(not_d)
    with pytest.raises(InvalidInput) as exc:
        contacts_matching(
            {"criteria": [{"field": "profile", "op": "in", "value": ["X"]}]}
        )
    assert "definition.criteria.0.value" in exc.value.errors

    import io

    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        write_jsonl(out, contacts_for_export())
    records = {r["first_name"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert (
        records["Jan"]["profile"]["type"] == "D"
        and records["Jan"]["profile"]["source"] == "colleagues"
    )
    assert (
        records["Kim"]["profile"]["source"] == "text"
        and records["Kim"]["profile"]["disc"] == "I"
    )
    assert len(queries) < 12  # one join, not a query per contact
    no_profile = make_contact(first_name="Lou", last_name="Nil")
    out = io.StringIO()
    write_jsonl(out, contacts_for_export())
    assert '"first_name": "Lou"' in out.getvalue()
    lou = next(
        r
        for r in map(json.loads, out.getvalue().splitlines())
        if r["id"] == no_profile.pk
    )
    assert lou["profile"] is None


def test_segment_builder_offers_the_profile_criterion(member):
    client = Client()
    client.force_login(member)
    row = client.get(
        "/segments/row/", {"index": 0, "field-0": "profile"}
    ).content.decode()
    assert '<option value="D"' in row and '<option value="C"' in row


def test_merge_carries_profiles_and_undo_restores_them(
    jan, make_contact, member, admin
):
    from relais.insight.models import ContactProfile
    from relais.matching.services.merge import merge_contacts
    from relais.matching.services.undo import undo_merge

    twin = make_contact(
        first_name="Jan", last_name="Vos", emails=["j.vos@halden.example"]
    )
    services.assess(
        actor=member, contact=jan, sliders={"s1": 90, "s2": 90, "s3": 10, "s4": 10}
    )
    services.assess(
        actor=member, contact=twin, sliders={"s1": 80, "s2": 80, "s3": 20, "s4": 20}
    )
    services.assess(
        actor=admin, contact=twin, sliders={"s1": 70, "s2": 70, "s3": 30, "s4": 30}
    )
    merge = merge_contacts(actor=admin, survivor=jan, merged=twin)
    # member's two assessments fold into one; admin's moves over; one stored profile left.
    assert Assessment.objects.filter(contact=jan).count() == 2
    assert ContactProfile.objects.filter(contact=jan).count() == 1
    assert profile_for(jan).primary.count == 2
    undo_merge(actor=admin, merge_id=merge.pk)
    assert Assessment.objects.filter(contact=twin).count() == 2
    assert ContactProfile.objects.filter(contact=twin).count() == 1


def test_campaign_page_shows_the_spread_of_profiles(jan, make_contact, member):
    from relais.contacts.segments.services import create_segment
    from relais.outreach.services.campaigns import create_campaign
    from relais.outreach.services.templates import create_template

    sam = make_contact(
        first_name="Sam", last_name="Ode", emails=["sam@example.org"], tags=["Salon"]
    )
    make_contact(
        first_name="Lou", last_name="Nil", emails=["lou@example.org"], tags=["Salon"]
    )
    jan_tagged = make_contact(
        first_name="Ana", last_name="Ruiz", emails=["ana@example.org"], tags=["Salon"]
    )
    services.assess(
        actor=member, contact=sam, sliders={"s1": 90, "s2": 90, "s3": 10, "s4": 10}
    )
    services.assess(
        actor=member,
        contact=jan_tagged,
        sliders={"s1": 80, "s2": 90, "s3": 20, "s4": 10},
    )
    services.assess(
        actor=member, contact=jan, sliders={"s1": 10, "s2": 10, "s3": 90, "s4": 90}
    )  # not in it
    segment = create_segment(
        actor=member,
        name="Salon",
        definition={"criteria": [{"field": "tags", "op": "any", "value": ["Salon"]}]},
    )
    template = create_template(
        actor=member,
        name="T",
        language="en",
        subject="Hello",
        body_text="Hi {{ first_name }}",
    )
    campaign = create_campaign(
        actor=member, name="C", segment=segment, steps=[(template, 0)]
    )
    client = Client()
    client.force_login(member)
    page = client.get(f"/outreach/campaigns/{campaign.pk}/").content.decode()
    assert f"/outreach/campaigns/{campaign.pk}/profiles/" in page
    spread = client.get(f"/outreach/campaigns/{campaign.pk}/profiles/").content.decode()
    assert 'data-total="2"' in spread
    assert 'data-disc="D"><strong>D</strong>&nbsp;2' in spread
    assert 'data-disc="S"><strong>S</strong>&nbsp;0' in spread
    assert "no profile 1" in spread and "keep it short" in spread
    assert client.get("/outreach/campaigns/999999/profiles/").status_code == 404


def test_template_editor_coach_speaks_for_each_quadrant(member, reader):
    client = Client()
    client.force_login(member)
    editor = client.get("/outreach/templates/new/").content.decode()
    assert "/outreach/templates/coach/" in editor
    long_body = (
        "We are writing to present the arrangements for the coming period in detail. "
        * 15
    )
    page = client.post(
        "/outreach/templates/coach/", {"body_text": long_body}
    ).content.decode()
    d_item = page.split('data-disc="D"')[1].split("</li>")[0]
    s_item = page.split('data-disc="S"')[1].split("</li>")[0]
    assert 'data-code="too_long"' in d_item and 'data-code="too_long"' not in s_item
    assert 'data-code="cold_opening"' in s_item
    client.force_login(reader)
    assert (
        client.post("/outreach/templates/coach/", {"body_text": "x"}).status_code == 403
    )
