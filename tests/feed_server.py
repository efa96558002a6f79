"""A local HTTP server for the listening tests: serves recorded feeds and API payloads.

Routes map a path to a ``Reply`` (status, headers, body) or to a callable that writes the
response itself (a server that never answers, a body of 50 MB). The server counts requests per
path and keeps the last request's headers, so tests can check conditional GETs and Host.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAYLOADS = Path(__file__).parent / "listening_payloads"


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Route = Reply | Callable[[BaseHTTPRequestHandler], None]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.last_headers: dict[str, dict[str, str]] = {}
        self.bodies: dict[str, bytes] = {}
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path
                length = int(self.headers.get("Content-Length") or 0)
                server.bodies[path] = self.rfile.read(length) if length else b""
                server.hits[path] += 1
                server.last_headers[path] = dict(self.headers.items())
                route = server.routes.get(path) or server.routes.get(path.split("?")[0])
                if route is None:
                    route = Reply(b"not found", 404)
                if callable(route):
                    route(self)
                    return
                etag = route.headers.get("ETag")
                if (
                    route.status == 200
                    and etag
                    and self.headers.get("If-None-Match") == etag
                ):
                    route = Reply(b"", 304, {"ETag": etag})
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            do_POST = do_GET

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def allow(self) -> list[str]:
        return [f"127.0.0.1:{self.port}", f"localhost:{self.port}"]

    def url(self, path: str) -> str:
        return self.base + path

    def serve(
        self, path: str, body: bytes | str, status: int = 200, **headers: str
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Reply(
            data, status, {k.replace("_", "-"): v for k, v in headers.items()}
        )
        return self.url(path)

    def serve_file(self, path: str, name: str, content_type: str) -> str:
        return self.serve(
            path, (PAYLOADS / name).read_bytes(), Content_Type=content_type
        )

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Reply(b"", status, {"Location": location})
        return self.url(path)

    def hang(self, path: str) -> str:
        """A server that accepts the connection and never answers."""

        def handler(h: BaseHTTPRequestHandler) -> None:
            self.stopping.wait(60)

        self.routes[path] = handler
        return self.url(path)

    def endless(self, path: str, size: int) -> str:
        """A body of ``size`` bytes, streamed without a length until the client hangs up."""

        def handler(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Connection", "close")
            h.end_headers()
            chunk = b"<!-- padding -->" * 4096
            sent = 0
            try:
                while sent < size:
                    h.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

        self.routes[path] = handler
        return self.url(path)

    def last_request_path(self, prefix: str) -> str:
        """The full path (query included) of the last request whose path starts with prefix."""
        return [p for p in self.last_headers if p.startswith(prefix)][-1]

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0)
