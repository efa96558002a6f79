"""Benchmark of campaign sending (issue 6): N personalised messages rendered, composed
(MIME, link rewriting, open pixel, List-Unsubscribe) and handed over SMTP to a local aiosmtpd
sink in another process, through the real sender (claims, journal, batched status updates,
one timeline interaction per message).

Prints messages/s for the send loop (and for queuing the campaign), the sender's CPU time and
peak RSS, the sink's CPU time, the load average, and a baseline in the same run: a plain
``smtplib`` loop sending the same pre-rendered messages over one connection (ratio reported).
Each run uses a fresh data directory (SQLite) or a throwaway PostgreSQL database.

    .venv/bin/python bench/bench_send.py --messages 100000
    .venv/bin/python bench/bench_send.py --messages 100000 \
        --postgres postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import secrets
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXT = (
    "Bonjour {{ first_name | default('Madame, Monsieur') }},\n\n"
    "En tant que {{ title }} chez {{ organisation }}, vous aimerez notre guide :\n"
    "https://example.org/guide?utm=bench\n\nÀ bientôt à {{ city }},\n{{ sender_name }}\n{{ signature }}\n"
)
HTML = (
    "<html><body><p>Bonjour {{ first_name | default('Madame, Monsieur') }},</p>"
    "<p>En tant que {{ title }} chez {{ organisation }}, vous aimerez "
    '<a href="https://example.org/guide?utm=bench">notre guide</a> et '
    '<a href="https://example.org/agenda">notre agenda</a>.</p>'
    "<p>À bientôt à {{ city }},<br>{{ sender_name }}</p></body></html>"
)


# --- The sink (a separate process) ------------------------------------------------------------


def sink(port: int) -> None:
    """A minimal aiosmtpd server that counts messages; prints count and CPU time on SIGTERM."""
    from aiosmtpd.controller import Controller

    class Count:
        n = 0

        async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
            Count.n += 1
            return "250 OK"

    signal.pthread_sigmask(
        signal.SIG_BLOCK, {signal.SIGTERM}
    )  # before the server's thread
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM})
    controller.stop()
    print(Count.n, time.process_time(), flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    def __init__(self) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--sink", str(self.port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self) -> tuple[int, float]:
        self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=60)
        count, cpu = out.split()
        return int(count), float(cpu)


def _rss(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak_rss() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux)


def _window_rates(marks: list[tuple[float, int]], size: int) -> list[float]:
    """Messages/s over consecutive windows of about ``size`` messages."""
    rates, start = [], marks[0]
    for mark in marks[1:]:
        if mark[1] - start[1] >= size:
            rates.append((mark[1] - start[1]) / (mark[0] - start[0]))
            start = mark
    return rates


# --- The run ----------------------------------------------------------------------------------


def _database(postgres: str | None) -> str | None:
    if not postgres:
        return None
    import psycopg

    name = f"relais_bench_{secrets.token_hex(4)}"
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return postgres.rsplit("/", 1)[0] + f"/{name}"


def _drop(postgres: str | None, url: str | None) -> None:
    if postgres and url:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="cProfile the send loop")
    parser.add_argument("--sink", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink is not None:
        sink(args.sink)
        return

    data_dir = Path(tempfile.mkdtemp(prefix="relais-bench-send-"))
    url = _database(args.postgres)
    server = Sink()
    os.environ.update(
        RELAIS_DATA_DIR=str(data_dir),
        RELAIS_SECRET_KEY="bench-" + "x" * 40,
        RELAIS_SMTP_HOST="127.0.0.1",
        RELAIS_SMTP_PORT=str(server.port),
        RELAIS_SMTP_STARTTLS="0",
        RELAIS_MAIL_FROM="news@bench.test",
        RELAIS_BASE_URL="https://crm.bench.test",
        RELAIS_SEND_RATE_PER_SECOND="0",
        RELAIS_SEND_RATE_PER_HOUR="0",
        DJANGO_SETTINGS_MODULE="relais.settings",
    )
    if url:
        os.environ["RELAIS_DATABASE_URL"] = url
    try:
        run(args, server, data_dir)
    finally:
        _drop(args.postgres, url)
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, server: Sink, data_dir: Path) -> None:
    import django

    django.setup()
    from tests.integration.outreach_seed import seed

    from relais.accounts.models import User
    from relais.contacts.models import Segment
    from relais.outreach.models import Delivery
    from relais.outreach.services import batches, campaigns, compose, sending
    from relais.outreach.services.templates import create_template

    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"seeding {args.messages:,} contacts ({database})…", flush=True)
    seed(args.messages)
    template = create_template(
        actor=None,
        name="Bench",
        language="fr",
        subject="{{ first_name }}, le guide pour {{ organisation }}",
        body_text=TEXT,
        body_html=HTML,
    )
    campaign = campaigns.create_campaign(
        actor=None,
        name="Bench",
        segment=Segment.objects.get(name="Seeded"),
        steps=[(template, 0)],
        sender_mode="owner",
        sender=User.objects.first(),
    )
    load_before = os.getloadavg()
    wall, cpu = time.perf_counter(), time.process_time()
    campaigns.start_campaign(actor=None, campaign=campaign)
    queue_wall, queue_cpu = time.perf_counter() - wall, time.process_time() - cpu
    queued = Delivery.objects.filter(status="queued").count()

    rss_queued, anon_queued = _rss("VmRSS"), _rss("RssAnon")
    _reset_peak_rss()
    marks: list[tuple[float, int]] = []

    def progress(report: sending.SendReport) -> None:
        marks.append((time.perf_counter(), report.sent))

    wall, cpu = time.perf_counter(), time.process_time()
    marks.append((wall, 0))
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            report = sending.run(
                campaign=campaign, batch_size=args.batch_size, progress=progress
            )
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
    else:
        report = sending.run(
            campaign=campaign, batch_size=args.batch_size, progress=progress
        )
    send_wall, send_cpu = time.perf_counter() - wall, time.process_time() - cpu
    load_after = os.getloadavg()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_send, anon_sent = _rss("VmHWM"), _rss("RssAnon")
    windows = _window_rates(marks, max(1, report.sent // 10))
    received, sink_cpu = server.stop()

    # Baseline: the same messages, pre-rendered (untimed) to a file, sent by a bare smtplib loop.
    baseline_server = Sink()
    path = data_dir / "prerendered.bin"
    rows = Delivery.objects.filter(campaign=campaign).select_related(
        "contact__organisation", "contact__owner", "sender", "step__template"
    )
    with path.open("wb") as out:
        for d in rows.iterator(chunk_size=2000):
            rendered = batches.render(d)
            data = compose.compose(
                delivery_id=d.pk,
                rendered=rendered,
                sender=compose.sender_address(d.sender),
                to_email=d.to_email,
                to_name=d.contact.display_name,
                message_id=d.message_id,
                language="fr",
            ).data
            out.write(len(data).to_bytes(4, "big") + d.to_email.encode() + b"\n" + data)
    wall, cpu = time.perf_counter(), time.process_time()
    sent_plain = 0
    with (
        path.open("rb") as stream,
        smtplib.SMTP("127.0.0.1", baseline_server.port) as smtp,
    ):
        while header := stream.read(4):
            size = int.from_bytes(header, "big")
            to = stream.readline().strip().decode()
            smtp.sendmail("news@bench.test", [to], stream.read(size))
            sent_plain += 1
    base_wall, base_cpu = time.perf_counter() - wall, time.process_time() - cpu
    base_received, base_sink_cpu = baseline_server.stop()

    rate = report.sent / send_wall
    base_rate = sent_plain / base_wall
    print(
        f"database: {database}, messages: {args.messages:,}, batch size {args.batch_size}"
    )
    print(
        f"queue campaign: {queued:,} deliveries in {queue_wall:.1f} s wall, {queue_cpu:.1f} s CPU "
        f"({queued / queue_wall:,.0f}/s)"
    )
    print(
        f"send: {report.sent:,} sent ({report.failed} failed, {report.deferred} deferred), sink received "
        f"{received:,}; {send_wall:.1f} s wall, {send_cpu:.1f} s CPU (sender), {sink_cpu:.1f} s CPU (sink) "
        f"→ {rate:,.0f} messages/s"
    )
    print(
        f"baseline smtplib loop (pre-rendered, one connection): {sent_plain:,} in {base_wall:.1f} s wall, "
        f"{base_cpu:.1f} s CPU, sink {base_sink_cpu:.1f} s CPU, received {base_received:,} "
        f"→ {base_rate:,.0f} messages/s"
    )
    print(f"ratio relais/baseline: {rate / base_rate:.2f}")
    print(
        f"RSS: {rss_queued:,.0f} MiB after queuing, peak {rss_send:,.0f} MiB while sending; "
        f"peak of the whole process (seeding included) {rss:,.0f} MiB; heap (RssAnon) "
        f"{anon_queued:,.0f} MiB after queuing, {anon_sent:,.0f} MiB after sending (the rest "
        "is SQLite's memory-mapped database file and page cache)"
    )
    print(
        "rate per tenth of the run (messages/s): "
        + ", ".join(f"{r:,.0f}" for r in windows)
    )
    print(
        f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; cores: {os.cpu_count()}"
    )


if __name__ == "__main__":
    main()
