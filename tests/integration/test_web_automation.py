"""The automation pages: building a workflow from step lines, a form builder with its snippet,
read-only users refused, login required, French."""

from __future__ import annotations

from relais.automation.models import WebForm, Workflow

STEPS = "wait 2h\nif no order_placed\ntag relancé\ntask Rappeler in 2d"


def test_pages_need_a_login(client, db):
    for url in ("/automation/", "/automation/workflows/new/", "/automation/forms/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_building_a_workflow_and_changing_it(client, member):
    client.force_login(member)
    created = client.post(
        "/automation/workflows/new/",
        {
            "name": "Panier",
            "trigger": "cart_abandoned",
            "cancel_on": "order_placed",
            "steps": STEPS,
            "active": "on",
        },
    )
    assert created.status_code == 302
    workflow = Workflow.objects.get()
    assert workflow.cancel_on == ["order_placed"]
    assert [s["kind"] for s in workflow.steps] == [
        "wait",
        "condition",
        "add_tag",
        "create_task",
    ]
    page = client.get(created["Location"])
    assert "if no order_placed" in page.content.decode()
    changed = client.post(
        created["Location"],
        {
            "name": "Panier",
            "trigger": "cart_abandoned",
            "steps": "tag v2",
            "active": "on",
        },
    )
    assert changed.status_code == 302
    workflow.refresh_from_db()
    assert workflow.version == 2 and workflow.steps == [
        {"kind": "add_tag", "tag": "v2"}
    ]


def test_a_bad_step_line_is_shown_on_the_form(client, member):
    client.force_login(member)
    response = client.post(
        "/automation/workflows/new/",
        {"name": "X", "trigger": "x", "steps": "wait 2h\nfly away"},
    )
    assert response.status_code == 422
    assert "line 2" in response.content.decode()
    assert Workflow.objects.count() == 0


def test_a_reader_cannot_save(client, reader):
    client.force_login(reader)
    response = client.post(
        "/automation/workflows/new/", {"name": "X", "trigger": "x", "steps": "tag a"}
    )
    assert response.status_code == 403 and Workflow.objects.count() == 0


def test_the_form_builder_gives_a_hosted_page_and_an_escaped_snippet(client, member):
    client.force_login(member)
    created = client.post(
        "/automation/forms/new/",
        {
            "name": "Salon <b>2026</b>",
            "fields_text": "E-mail | email | required\nPrénom | first_name",
            "consent_text": "J'accepte d'être recontacté.",
        },
    )
    assert created.status_code == 302
    made = WebForm.objects.get()
    page = client.get(created["Location"]).content.decode()
    assert f"/f/{made.key}/" in page
    assert "Salon &lt;b&gt;2026&lt;/b&gt;" in page and "<b>2026</b>" not in page
    assert "&lt;form method=&quot;post&quot;" in page  # the snippet is shown, not run


def test_the_pages_speak_french(client, member):
    from django.utils import translation

    member.language = "fr"
    client.force_login(member)
    try:
        page = client.get("/automation/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    finally:
        translation.activate("en")  # the request left French active in this thread
    assert "Nouveau workflow" in page
