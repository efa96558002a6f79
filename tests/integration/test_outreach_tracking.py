"""Open pixel and click redirect: signed tokens, no open redirect, machines flagged and kept,
no IP stored, and the spool that writes hits in batches without losing any."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.test import Client
from django.utils.encoding import iri_to_uri

from relais.outreach import links, tokens
from relais.outreach import spool as spool_module
from relais.outreach.models import DeliveryEvent
from relais.outreach.pixel import GIF
from relais.outreach.services import tracking
from relais.outreach.spool import HitSpool

from .outreach_track_fixtures import LINKS, make_campaign, make_delivery

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _fresh_link_cache():
    tracking.forget_links()
    yield
    tracking.forget_links()


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_open_pixel_records_an_open(sent) -> None:
    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
    response = client.get(_path(links.open_pixel_url(sent.id)))
    assert response.status_code == 200
    assert response.content == GIF and len(GIF) == 43
    assert response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    event = DeliveryEvent.objects.get(delivery=sent)
    assert (event.kind, event.machine, event.reason) == ("open", False, "")
    assert event.user_agent == BROWSER
    # No raw IP anywhere in the row.
    assert "203.0.113" not in repr(
        DeliveryEvent.objects.filter(pk=event.pk).values().get()
    )


def test_click_redirects_only_to_a_link_of_the_message(sent) -> None:
    client = Client(HTTP_USER_AGENT=BROWSER)
    response = client.get(_path(links.click_url(sent.id, 1)))
    assert response.status_code == 302
    assert response["Location"] == iri_to_uri(LINKS[1])
    # An index the message does not have: 404, nothing recorded for it.
    response = client.get(_path(links.click_url(sent.id, 2)))
    assert response.status_code == 404
    assert DeliveryEvent.objects.filter(kind="click").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/t/o/not-a-token.gif",
        "/t/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/t/c/%00%ff",
        "/u/forged",
    ],
)
def test_bad_tokens_are_404(sent, path: str) -> None:
    assert Client().get(path).status_code == 404
    assert not DeliveryEvent.objects.exists()


def test_forged_and_swapped_tokens_are_refused(sent) -> None:
    good = tokens.sign(sent.id, "click", 0)
    forged = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    client = Client()
    assert client.get(f"/t/c/{forged}").status_code == 404
    # A valid open token used as a click (or the reverse) is refused too.
    assert client.get(f"/t/c/{tokens.sign(sent.id, 'open')}").status_code == 404
    assert client.get(f"/t/o/{good}.gif").status_code == 404
    assert not DeliveryEvent.objects.exists()


def test_no_open_redirect_to_a_non_web_link(people) -> None:
    (contact,) = people(1)
    delivery = make_delivery(
        make_campaign("Liens"),
        contact,
        links=["javascript:alert(1)", "https://ok.example/"],
    )
    client = Client(HTTP_USER_AGENT=BROWSER)
    assert client.get(_path(links.click_url(delivery.id, 0))).status_code == 404
    assert client.get(_path(links.click_url(delivery.id, 1))).status_code == 302


def test_head_is_answered_not_followed_and_flagged(sent) -> None:
    response = Client(HTTP_USER_AGENT=BROWSER).head(_path(links.click_url(sent.id, 0)))
    assert response.status_code == 302
    event = DeliveryEvent.objects.get()
    assert (event.machine, event.reason) == (True, "head")


@pytest.mark.parametrize(
    ("agent", "reason"),
    [
        ("Mozilla/5.0 (compatible; BingPreview/1.0b)", "scanner:microsoft"),
        ("Barracuda Sentinel (EE)", "scanner:barracuda"),
        ("Mimecast-URL-Protect/1.0", "scanner:mimecast"),
        ("python-requests/2.32", "bot"),
    ],
)
def test_scanner_agents_are_flagged(sent, agent: str, reason: str) -> None:
    Client(HTTP_USER_AGENT=agent).get(_path(links.click_url(sent.id, 0)))
    event = DeliveryEvent.objects.get()
    assert (event.machine, event.reason) == (True, reason)


@pytest.mark.parametrize(
    ("agent", "ip"),
    [("Mozilla/5.0", "198.51.100.4"), (BROWSER, "17.58.101.3")],
)
def test_apple_privacy_protection_opens_are_flagged(sent, agent: str, ip: str) -> None:
    Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip).get(
        _path(links.open_pixel_url(sent.id))
    )
    event = DeliveryEvent.objects.get()
    assert (event.kind, event.machine, event.reason) == ("open", True, "apple_mpp")


def test_google_image_proxy_open_is_flagged(sent) -> None:
    agent = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
    Client(HTTP_USER_AGENT=agent).get(_path(links.open_pixel_url(sent.id)))
    assert DeliveryEvent.objects.get().reason == "proxy:google"


def test_click_seconds_after_delivery_is_a_scanner(people) -> None:
    (contact,) = people(1)
    delivery = make_delivery(
        make_campaign("Vite"), contact, sent_ago=dt.timedelta(seconds=2)
    )
    Client(HTTP_USER_AGENT=BROWSER).get(_path(links.click_url(delivery.id, 0)))
    event = DeliveryEvent.objects.get()
    assert (event.machine, event.reason) == (True, "too_soon")


def test_every_link_at_once_is_a_scanner_and_one_link_is_a_person(people) -> None:
    one, two = people(2)
    campaign = make_campaign("Rafale")
    burst = make_delivery(campaign, one)
    calm = make_delivery(campaign, two)
    client = Client(HTTP_USER_AGENT=BROWSER)
    client.get(_path(links.click_url(burst.id, 0)))
    client.get(_path(links.click_url(burst.id, 1)))
    client.get(_path(links.click_url(calm.id, 1)))
    flagged = DeliveryEvent.objects.filter(delivery=burst)
    assert [(e.machine, e.reason) for e in flagged] == [(True, "all_links")] * 2
    assert DeliveryEvent.objects.get(delivery=calm).machine is False


def test_spool_writes_every_hit_and_a_crashed_spool_is_replayed(
    sent, tmp_path, transactional_db
) -> None:
    spool = HitSpool(tmp_path, interval=60)
    spool.start()
    try:
        for _ in range(250):
            tracking.record_open(
                tokens.sign(sent.id, "open"), user_agent=BROWSER, ip="", method="GET"
            )
        assert DeliveryEvent.objects.count() == 0  # still in the spool
    finally:
        spool.stop()
    assert DeliveryEvent.objects.count() == 250
    assert not list(tmp_path.glob("hits-*"))

    # A process killed after appending: its file is left, no lock held on it.
    crashed = HitSpool(tmp_path, interval=60)
    hits = [
        tracking.open_hit(
            tokens.sign(sent.id, "open"), user_agent=BROWSER, ip="", method="GET"
        )
        for _ in range(30)
    ]
    for hit in hits:
        crashed.append(hit)
    # A file being written is never taken.
    assert spool_module.write_spooled(tmp_path) == 0
    assert crashed._fd is not None
    os.close(crashed._fd)  # the lock goes with the process
    # Ten of them had been written before the crash: the replay does not count them twice.
    tracking.store(hits[:10])
    replay = HitSpool(tmp_path, interval=60)
    replay.start()
    replay.stop()
    assert DeliveryEvent.objects.count() == 280
    assert not list(tmp_path.glob("hits-*"))


def _wsgi(path: str, method: str = "GET", agent: str = BROWSER):
    from wsgiref.util import setup_testing_defaults

    from relais.wsgi import application

    environ: dict = {
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "HTTP_USER_AGENT": agent,
        "REMOTE_ADDR": "198.51.100.9",
    }
    setup_testing_defaults(environ)
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    answer["body"] = b"".join(application(environ, start_response))
    return answer


def test_the_wsgi_fast_path_in_front_of_django(sent) -> None:
    """What ``relais serve`` answers: the same behaviour without Django's middleware."""
    opened = _wsgi(_path(links.open_pixel_url(sent.id)))
    assert opened["status"] == "200 OK" and opened["body"] == GIF
    assert "no-store" in opened["headers"]["Cache-Control"]
    assert "Set-Cookie" not in opened["headers"]
    clicked = _wsgi(_path(links.click_url(sent.id, 1)), method="HEAD")
    assert clicked["status"] == "302 Found" and clicked["body"] == b""
    assert clicked["headers"]["Location"] == iri_to_uri(LINKS[1])
    assert _wsgi(_path(links.click_url(sent.id, 5)))["status"].startswith("404")
    assert _wsgi("/t/o/forged.gif")["status"].startswith("404")
    assert _wsgi(_path(links.open_pixel_url(sent.id)), method="POST")[
        "status"
    ].startswith("404")
    events = list(DeliveryEvent.objects.values_list("kind", "machine", "reason"))
    assert events == [("open", False, ""), ("click", True, "head")]
    # Any other path is Django's.
    assert _wsgi("/login/")["status"] == "200 OK"
