"""The SSRF-safe fetch: what it refuses, what it caps, and that allowed requests work."""

from __future__ import annotations

import ipaddress
import time

import pytest

from relais.core import outbound
from relais.core.outbound import OutboundRefused, OutboundTimeout, OutboundTooLarge
from tests.feed_server import FeedServer


@pytest.fixture
def server(settings):
    with FeedServer() as srv:
        settings.RELAIS_OUTBOUND_ALLOW = srv.allow
        yield srv


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",  # noqa: S104
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert outbound.refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
)
def test_public_addresses_pass(address):
    assert outbound.refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url,words",
    [
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.com/", "only http and https"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://127.0.0.1:6379/", "loopback"),
        ("http://[::1]:8000/", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://user:pw@example.com/", "credentials"),
    ],
)
def test_refusals_name_the_rule(settings, url, words):
    settings.RELAIS_OUTBOUND_ALLOW = []
    with pytest.raises(OutboundRefused) as refused:
        outbound.fetch(url)
    assert words in refused.value.message
    assert url in refused.value.message


def test_local_server_refused_unless_allow_listed(settings):
    with FeedServer() as srv:
        srv.serve("/feed", "hello")
        settings.RELAIS_OUTBOUND_ALLOW = []
        with pytest.raises(OutboundRefused, match="RELAIS_OUTBOUND_ALLOW"):
            outbound.fetch(srv.url("/feed"))
        assert srv.hits["/feed"] == 0  # refused before any byte was sent
        settings.RELAIS_OUTBOUND_ALLOW = [f"127.0.0.1:{srv.port}"]
        assert outbound.fetch(srv.url("/feed")).content == b"hello"


def test_connects_to_the_checked_address_and_keeps_the_host_name(server):
    server.serve("/feed", "ok", Content_Type="text/plain; charset=utf-8")
    reply = outbound.fetch(f"http://localhost:{server.port}/feed")
    assert reply.text() == "ok"
    assert server.last_headers["/feed"]["Host"] == f"localhost:{server.port}"


def test_redirect_followed_and_rechecked(server):
    server.serve("/final", "arrived")
    server.redirect("/start", "/middle")
    server.redirect("/middle", server.url("/final"), status=301)
    reply = outbound.fetch(server.url("/start"))
    assert reply.content == b"arrived"
    assert reply.url == server.url("/final")
    assert reply.redirects == [server.url("/middle"), server.url("/final")]


def test_redirect_to_metadata_address_refused(server):
    server.redirect("/evil", "http://169.254.169.254/latest/meta-data/iam/")
    with pytest.raises(OutboundRefused, match="169.254.169.254.*link-local"):
        outbound.fetch(server.url("/evil"))


def test_redirect_loop_stops_after_five(server):
    for i in range(10):
        server.redirect(f"/r{i}", f"/r{i + 1}")
    with pytest.raises(OutboundRefused, match="more than 5 redirects"):
        outbound.fetch(server.url("/r0"))
    assert server.hits["/r5"] == 1 and server.hits["/r6"] == 0


def test_server_that_never_answers_times_out(server):
    started = time.monotonic()
    with pytest.raises(OutboundTimeout):
        outbound.fetch(server.hang("/hang"), total_timeout=1.0)
    assert time.monotonic() - started < 3


def test_fifty_megabytes_are_capped(server):
    started = time.monotonic()
    with pytest.raises(OutboundTooLarge, match="5,242,880 byte limit"):
        outbound.fetch(server.endless("/huge", 50 * 1024 * 1024))
    assert time.monotonic() - started < 5


def test_declared_length_over_the_cap_refused_before_reading(server):
    server.serve("/big", b"x" * 2000)
    with pytest.raises(OutboundTooLarge, match="2,000 bytes"):
        outbound.fetch(server.url("/big"), max_bytes=1000)


def test_conditional_get_returns_304(server):
    server.serve("/feed", "v1", ETag='"abc"')
    first = outbound.fetch(server.url("/feed"))
    assert first.status == 200 and first.headers["etag"] == '"abc"'
    second = outbound.fetch(server.url("/feed"), headers={"If-None-Match": '"abc"'})
    assert second.status == 304 and second.content == b""


def test_nothing_listening_is_a_clear_error(settings):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[
            1
        ]  # closed again when the block ends: nothing listens there
    settings.RELAIS_OUTBOUND_ALLOW = [f"localhost:{port}"]
    with pytest.raises(outbound.OutboundError, match="no connection to localhost"):
        outbound.fetch(f"http://localhost:{port}/")
