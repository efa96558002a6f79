"""Polling RSS and Atom feeds from a local server: deduplication, edits, failures of every kind."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from relais.core import outbound
from relais.listening.models import Mention, MentionVersion, SeenItem, Source
from relais.listening.services.poll import poll_all, poll_due
from relais.listening.services.sources import add_source
from relais.listening.services.store import prune_seen
from tests.integration import listening_fixtures

feeds = listening_fixtures.feeds  # the fixture, by name

pytestmark = pytest.mark.django_db

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml"


def _rss(items: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><description>{title} text</description>"
        f"<pubDate>Sun, 06 Dec 2026 10:00:00 +0000</pubDate></item>"
        for guid, title in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


def test_blog_feed_kind_recognised_and_items_stored_as_text(feeds):
    url = feeds.serve_file("/blog.rss", "blog.rss", RSS)
    source = add_source(actor=None, url=url)
    assert (source.kind, source.name) == (
        "rss",
        "Le carnet de Léa — outils pour indépendants",
    )
    report = poll_all()
    assert (report.new, report.failed) == (2, 0)
    mention = Mention.objects.get(guid="https://carnet-de-lea.fr/?p=1842")
    assert mention.author_name == "Léa Marchetti"
    assert mention.url.startswith(
        "https://carnet-de-lea.fr/2026/12/relais-trois-mois-apres/"
    )
    assert "deux minutes" in mention.text and "cédille" in mention.text
    assert (
        "<" not in mention.text and "alert" not in mention.text
    )  # tags and script dropped
    assert mention.published_at == dt.datetime(2026, 12, 7, 17, 20, tzinfo=dt.UTC)
    source.refresh_from_db()
    assert source.health == "ok" and source.last_error == ""


def test_atom_entry_edited_in_place_is_an_update_with_its_version(feeds):
    feeds.serve_file("/atom", "atom_v1.xml", ATOM)
    add_source(actor=None, url=feeds.url("/atom"))
    assert poll_all().new == 2
    original = Mention.objects.get(guid="tag:tomwrites.dev,2026:/posts/trying-relais")
    assert "CardDAV?" in original.text and original.author_email == "tom@tomwrites.dev"

    feeds.serve_file("/atom", "atom_v2.xml", ATOM)
    report = poll_all()
    assert (report.new, report.updated) == (0, 1)
    assert Mention.objects.count() == 2
    edited = Mention.objects.get(pk=original.pk)
    assert "comes out garbled" in edited.text
    assert edited.updated_at == dt.datetime(2026, 12, 6, 21, 30, tzinfo=dt.UTC)
    (version,) = MentionVersion.objects.filter(mention=edited)
    assert "CardDAV?" in version.text and "garbled" not in version.text

    assert poll_all().updated == 0  # the same edit seen again changes nothing


def test_rss_without_guids_identified_by_link_then_title_and_date(feeds):
    feeds.serve_file("/avis", "noguid.rss", "application/rss+xml")
    add_source(actor=None, url=feeds.url("/avis"))
    assert poll_all().new == 3
    no_link = Mention.objects.get(title="Une question sur la garantie")
    assert no_link.url == "" and "couvre-t-elle" in no_link.text  # read from ISO-8859-1
    assert (
        Mention.objects.get(url__endswith="/avis/88213").author_email
        == "jeanne.r@example.net"
    )
    again = poll_all()
    assert (again.new, again.updated) == (0, 0)
    assert Mention.objects.count() == 3


def test_items_that_vanish_and_come_back_are_not_new(feeds):
    feeds.serve("/f", _rss([("a", "Alpha"), ("b", "Bravo")]), Content_Type=RSS)
    add_source(actor=None, url=feeds.url("/f"), kind="rss")
    assert poll_all().new == 2
    feeds.serve("/f", _rss([("b", "Bravo"), ("c", "Charlie")]), Content_Type=RSS)
    assert poll_all().new == 1
    feeds.serve(
        "/f", _rss([("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie")]), Content_Type=RSS
    )
    report = poll_all()
    assert (report.new, report.updated) == (0, 0)
    assert sorted(Mention.objects.values_list("title", flat=True)) == [
        "Alpha",
        "Bravo",
        "Charlie",
    ]


def test_seen_set_pruned_by_age_not_count(feeds):
    feeds.serve(
        "/f", _rss([(f"g{i}", f"Item {i}") for i in range(3)]), Content_Type=RSS
    )
    add_source(actor=None, url=feeds.url("/f"), kind="rss")
    poll_all()
    SeenItem.objects.filter(mention__title="Item 0").update(
        last_seen=timezone.now() - dt.timedelta(days=400)
    )
    assert prune_seen(365) == 1
    assert SeenItem.objects.count() == 2


def test_same_status_in_account_feed_and_tag_feed_is_one_mention(feeds):
    feeds.serve_file("/@camille.rss", "mastodon_user.rss", RSS)
    feeds.serve_file("/tags/relais.rss", "mastodon_tag.rss", RSS)
    add_source(actor=None, url=feeds.url("/@camille.rss"), name="camille")
    add_source(actor=None, url=feeds.url("/tags/relais.rss"), name="#relais")
    report = poll_all()
    assert report.new == 3 and Mention.objects.count() == 3
    status = Mention.objects.get(
        url="https://piaille.example/@camille/113604419245517802"
    )
    assert status.author_handle == "@camille@piaille.example"
    assert status.author_url == "https://piaille.example/@camille"
    assert "Quelqu'un a le même souci ?" in status.text
    assert SeenItem.objects.filter(mention=status).count() == 2  # known in both feeds
    assert poll_all().new == 0


def test_feed_of_1500_items_in_a_few_queries(feeds, django_assert_max_num_queries):
    feeds.serve(
        "/big", _rss([(f"id-{i}", f"Post {i}") for i in range(1500)]), Content_Type=RSS
    )
    source = add_source(actor=None, url=feeds.url("/big"), kind="rss")
    with django_assert_max_num_queries(80):
        report = poll_all()
    assert report.new == 1500
    assert Mention.objects.filter(source=source).count() == 1500
    assert SeenItem.objects.filter(source=source).count() == 1500
    assert poll_all().new == 0


def test_youtube_channel_feed(feeds):
    url = feeds.serve_file("/feeds/videos.xml", "youtube.xml", ATOM)
    source = add_source(actor=None, url=url)
    assert source.kind == "youtube"
    poll_all()
    video = Mention.objects.get()
    assert video.guid == "yt:video:Qm3v_8Lx2aE"
    assert video.url == "https://www.youtube.com/watch?v=Qm3v_8Lx2aE"
    assert "import LinkedIn" in video.text  # media:description
    assert (
        video.author_url == "https://www.youtube.com/channel/UCx3kQ9_relaisdemo0000000"
    )


def test_malformed_xml_recorded_and_the_pass_moves_on(feeds):
    feeds.serve_file("/broken", "malformed.xml", RSS)
    feeds.serve_file("/blog.rss", "blog.rss", RSS)
    broken = add_source(actor=None, url=feeds.url("/broken"), kind="rss", name="broken")
    add_source(actor=None, url=feeds.url("/blog.rss"), kind="rss", name="blog")
    report = poll_all()
    broken.refresh_from_db()
    assert "malformed feed" in broken.last_error and "broken" in report.errors
    assert Mention.objects.filter(source__name="blog").count() == 2


def test_redirect_followed(feeds):
    feeds.serve_file("/new.rss", "blog.rss", RSS)
    feeds.redirect("/old.rss", "/new.rss", status=301)
    add_source(actor=None, url=feeds.url("/old.rss"), kind="rss")
    assert poll_all().new == 2


def test_redirect_to_metadata_address_refused_and_backed_off(feeds):
    feeds.redirect("/evil", "http://169.254.169.254/latest/meta-data/")
    source = add_source(
        actor=None, url=feeds.url("/evil"), kind="rss", interval_minutes=10
    )
    before = timezone.now()
    report = poll_all()
    source.refresh_from_db()
    assert report.failed == 1 and Mention.objects.count() == 0
    assert "169.254.169.254" in source.last_error and "link-local" in source.last_error
    assert source.consecutive_errors == 1 and source.health == "failing"
    assert source.next_poll_at >= before + dt.timedelta(minutes=20)  # doubled interval
    poll_all()
    source.refresh_from_db()
    assert source.consecutive_errors == 2
    assert source.next_poll_at >= timezone.now() + dt.timedelta(minutes=39)


def test_server_that_never_answers_times_out(feeds, monkeypatch):
    monkeypatch.setattr(outbound, "TOTAL_TIMEOUT", 1.0)
    source = add_source(actor=None, url=feeds.hang("/hang"), kind="rss")
    feeds.serve_file("/blog.rss", "blog.rss", RSS)
    add_source(actor=None, url=feeds.url("/blog.rss"), kind="rss", name="blog")
    report = poll_all()
    source.refresh_from_db()
    assert "timed out" in source.last_error
    assert report.new == 2  # the other source was polled meanwhile


def test_fifty_megabyte_feed_capped(feeds):
    source = add_source(
        actor=None, url=feeds.endless("/huge", 50 * 1024 * 1024), kind="rss"
    )
    poll_all()
    source.refresh_from_db()
    assert "5,242,880 byte limit" in source.last_error
    assert Mention.objects.count() == 0


def test_conditional_get_and_due_sources(feeds):
    feeds.serve("/f", _rss([("a", "Alpha")]), Content_Type=RSS, ETag='"v1"')
    source = add_source(actor=None, url=feeds.url("/f"), kind="rss")
    assert poll_due().new == 1
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert poll_due().sources == 0  # not due again before its interval
    Source.objects.update(next_poll_at=timezone.now())
    report = poll_due()
    assert report.sources == 1 and report.new == 0
    assert feeds.last_headers["/f"]["If-None-Match"] == '"v1"'


def test_unknown_content_needs_a_kind(feeds):
    from relais.core.errors import InvalidInput

    feeds.serve("/page", "<html><body>Hello</body></html>", Content_Type="text/html")
    with pytest.raises(InvalidInput, match="give --kind"):
        add_source(actor=None, url=feeds.url("/page"))


def test_cli_add_poll_and_list(feeds):
    from click.testing import CliRunner

    from relais.cli.commands import cli

    runner = CliRunner()
    feeds.serve_file("/blog.rss", "blog.rss", RSS)
    added = runner.invoke(
        cli, ["sources", "add", feeds.url("/blog.rss"), "--name", "Léa"]
    )
    assert added.exit_code == 0 and "Added source 'Léa' (rss)." in added.output
    feeds.redirect("/gone", "http://169.254.169.254/")
    runner.invoke(
        cli, ["sources", "add", feeds.url("/gone"), "--kind", "rss", "--name", "gone"]
    )
    polled = runner.invoke(cli, ["sources", "poll"])
    assert polled.exit_code == 0
    assert "Polled 2 sources: 2 new mentions, 0 updated, 1 failed." in polled.stdout
    assert "gone:" in polled.stderr and "link-local" in polled.stderr
    listed = runner.invoke(cli, ["sources", "list", "--format", "jsonl"])
    rows = {r["name"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows["Léa"]["health"] == "ok" and rows["Léa"]["mentions"] == 2
    assert (
        rows["gone"]["health"] == "failing"
        and "169.254.169.254" in rows["gone"]["last_error"]
    )
    duplicate = runner.invoke(
        cli, ["sources", "add", feeds.url("/blog.rss"), "--name", "Léa"]
    )
    assert duplicate.exit_code == 1 and "already named" in duplicate.stderr


def test_worker_job_polls_due_sources(feeds):
    from huey.contrib.djhuey import HUEY

    from relais.listening.tasks import poll_sources_due

    feeds.serve_file("/blog.rss", "blog.rss", RSS)
    add_source(actor=None, url=feeds.url("/blog.rss"), kind="rss")
    assert "relais.listening.tasks.poll_sources_due" in HUEY._registry._registry
    poll_sources_due.call_local()
    assert Mention.objects.count() == 2
