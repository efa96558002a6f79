"""A real Relais server in a subprocess, and a Chromium driven by Playwright.

Each test session gets its own data directory (SQLite database, secret key) and a free port,
as Datasette's Playwright tests do. The server is ``relais serve`` when the installed CLI has
it; otherwise the same waitress server started from Python (``SERVER_FALLBACK``). Users are
added with ``relais user add`` when available, else through the service layer.

Without /usr/bin/chromium the browser tests are skipped, except on CI (``CI=true``) where a
missing browser is a failure. Never download a browser: the Debian package is used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BIN = Path(sys.executable).parent
RELAIS = BIN / "relais"
PASSWORD = "browser-pass-123"

SERVER_FALLBACK = (
    "import sys, django; django.setup();"
    "from django.core.management import call_command; call_command('migrate', verbosity=0);"
    "from waitress import serve; from relais.wsgi import application;"
    "serve(application, host='127.0.0.1', port=int(sys.argv[1]), ident='relais')"
)
USER_FALLBACK = (
    "import sys, django; django.setup();"
    "from django.core.management import call_command; call_command('migrate', verbosity=0);"
    "from relais.accounts.services import create_user;"
    "create_user(actor=None, email=sys.argv[1], password=sys.stdin.readline().strip(), role=sys.argv[2],"
    " first_name=sys.argv[3], last_name=sys.argv[4])"
)


def _cli_has(*command: str) -> bool:
    if not RELAIS.exists():
        return False
    result = subprocess.run(
        [str(RELAIS), *command, "--help"], capture_output=True, timeout=60, check=False
    )
    return result.returncode == 0


def server_command(port: int) -> list[str]:
    """How the server is started; switching to ``relais serve`` only is a one-line change."""
    if _cli_has("serve"):
        return [str(RELAIS), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return [sys.executable, "-c", SERVER_FALLBACK, str(port)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(
    url: str, process: subprocess.Popen[bytes], timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(url + "login/", timeout=2).close()  # noqa: S310 - local test server
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on {url} within {timeout} s")


@dataclass
class RelaisServer:
    url: str
    env: dict[str, str]

    def add_user(
        self,
        email: str,
        role: str = "member",
        first_name: str = "",
        last_name: str = "",
    ) -> str:
        """Add a user through the CLI (or the service layer); returns the password."""
        if _cli_has("user", "add"):
            command = [
                str(RELAIS),
                "user",
                "add",
                email,
                "--role",
                role,
                "--password-stdin",
                "--first-name",
                first_name,
                "--last-name",
                last_name,
            ]
        else:
            command = [
                sys.executable,
                "-c",
                USER_FALLBACK,
                email,
                role,
                first_name,
                last_name,
            ]
        subprocess.run(
            command,
            input=f"{PASSWORD}\n".encode(),
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        return PASSWORD

    def run_python(self, script: Path, *args: str) -> str:
        """Run a script against the server's database (e.g. to seed data); returns its output."""
        result = subprocess.run(
            [sys.executable, str(script), *args],
            env=self.env,
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()


def server_env(data_dir: Path) -> dict[str, str]:
    """The environment of a server (and of the scripts run against it) on ``data_dir``."""
    env = {
        **os.environ,
        "RELAIS_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "relais.settings",
        "RELAIS_TIME_ZONE": "Europe/Paris",
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]
        ),
    }
    env.pop("RELAIS_DATABASE_URL", None)  # the server gets its own SQLite database
    env.pop("RELAIS_SMTP_HOST", None)  # no mail server, as in the README's demo
    return env


@contextmanager
def serve(data_dir: Path) -> Iterator[RelaisServer]:
    """A server on a free port over the data in ``data_dir``, stopped on exit."""
    env = server_env(data_dir)
    port = _free_port()
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        server_command(port), env=env, stdout=log, stderr=subprocess.STDOUT
    )  # noqa: S603
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process)
    except RuntimeError as exc:
        process.kill()
        pytest.fail(f"{exc}; log: {(data_dir / 'server.log').read_text()[-2000:]}")
    try:
        yield RelaisServer(url=url, env=env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def relais_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RelaisServer]:
    with serve(tmp_path_factory.mktemp("relais-browser")) as server:
        yield server


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium'."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser: Browser, relais_server: RelaisServer) -> Iterator[Page]:
    """A fresh browser context in English with a desktop viewport."""
    context = chromium_browser.new_context(
        locale="en-GB",
        viewport={"width": 1440, "height": 900},
        timezone_id="Europe/Paris",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page: Page, relais_server: RelaisServer, email: str, password: str) -> None:
    page.goto(relais_server.url + "login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/contacts/")
