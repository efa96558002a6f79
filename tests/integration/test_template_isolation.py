"""A hostile template previewed through the API of a real ``relais serve`` neither hangs its
request nor holds the server: every preview ends with a refusal in under 2 s while another
request is answered normally (issue 25)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from tests.unit.test_template_bounds import HOSTILE

from .cli_workspace import workspace
from .test_cli_server import _url_of

SEED = """
import json, os, sys, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'relais.settings'); django.setup()
from relais.accounts.services import create_api_token, create_user
from relais.contacts.services.contacts import create_contact
from relais.contacts.services.source import Source
from relais.outreach.services.templates import create_template
admin = create_user(actor=None, email='admin@example.org', password='x' * 16, role='admin')
_, token = create_api_token(actor=None, user=admin, name='probe')
contact = create_contact(actor=None, source=Source('cli', 'probe'), first_name='Ann')
ids = {
    name: create_template(
        actor=None, name=name, language='fr', subject='S', body_text=source
    ).pk
    for name, source in json.loads(sys.argv[1]).items()
}
print(json.dumps({'token': token, 'contact': contact.pk, 'templates': ids}))
"""


def _post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the test server's http URL
        url,
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_hostile_previews_are_refused_fast_while_the_server_answers(tmp_path):
    hostile = {"powers": HOSTILE["nested powers"], "width": HOSTILE["percent width"]}
    hostile |= {"loops": HOSTILE["nested loops"], "center": HOSTILE["center"]}
    with workspace(tmp_path) as ws:
        assert ws.run("import", "--list").returncode == 0  # creates the database
        seeded = subprocess.run(
            [sys.executable, "-c", SEED, json.dumps(hostile)],
            env=ws.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert seeded.returncode == 0, seeded.stderr
        seed = json.loads(seeded.stdout.splitlines()[-1])
        server = ws.popen("serve", "--port", "0", "--no-worker")
        try:
            url, _ = _url_of(server)
            api = url + "api/v1"

            def contacts() -> int:
                request = urllib.request.Request(  # noqa: S310 - the test server's http URL
                    f"{api}/contacts",
                    headers={"Authorization": f"Bearer {seed['token']}"},
                )
                with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                    return answer.status

            assert contacts() == 200  # warm: the first request loads the whole API
            outcomes: dict[str, tuple[int, dict, float]] = {}

            def preview(name: str, template_id: int) -> None:
                started = time.monotonic()
                status, body = _post(
                    f"{api}/outreach/templates/{template_id}/preview",
                    seed["token"],
                    {"contact_id": seed["contact"]},
                )
                outcomes[name] = (status, body, time.monotonic() - started)

            threads = [
                threading.Thread(target=preview, args=item)
                for item in seed["templates"].items()
            ]
            for thread in threads:
                thread.start()
            started = time.monotonic()
            assert contacts() == 200
            assert time.monotonic() - started < 2
            for thread in threads:
                thread.join(30)
        finally:
            server.terminate()
            server.wait(timeout=30)
        for name in hostile:
            status, body, seconds = outcomes[name]
            assert status == 400, (name, body)  # a RelaisError: a 4xx with the sentence
            assert seconds < 2, (name, seconds)
            assert "the template" in json.dumps(body), (name, body)
        assert "Traceback" not in server.stderr.read()
