"""``synthloop review``: the local review app.

Bound to 127.0.0.1 only, behind a random token that is the first segment of every path (the
URL it prints): a request without it, or naming another host (DNS rebinding), gets 403. The
page is static (HTML, one script, one stylesheet, all from the package) under a strict
Content-Security-Policy: no inline script, no images, no other origin; record content arrives
as JSON and is written into the page with ``textContent``, so nothing a record holds can run
script or load a resource. Each decision is committed to the run store before its response
is sent. The standard library's threading server is enough: one reviewer makes a few requests
a second, and the store is used under one lock.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

from synthloop.errors import ReviewError
from synthloop.store import RunStore
from synthloop.validate.human.decisions import (
    REJECT_REASONS,
    HumanLayer,
    agreement_summary,
)
from synthloop.validate.human.queue import Filters, Review

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
STATIC = {"": ("review.html", "text/html; charset=utf-8"),
          "review.js": ("review.js", "text/javascript; charset=utf-8"),
          "review.css": ("review.css", "text/css; charset=utf-8")}


class ReviewServer(ThreadingHTTPServer):
    """Serves one run to one reviewer."""

    daemon_threads = True

    def __init__(self, store: RunStore, *, reviewer: str, run_name: str, port: int = 0,
                 sample: int | None = None, token: str | None = None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.token = token or secrets.token_urlsafe(24)
        self.store = store
        self.lock = threading.Lock()
        self.review = Review(store, reviewer, sample=sample)
        self.layer = HumanLayer(store)
        self.run_name = run_name
        self.static = {k: (resources.files(__package__).joinpath("static", name).read_bytes(),
                           ctype) for k, (name, ctype) in STATIC.items()}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{self.token}/"

    def api(self, method: str, name: str, query: dict[str, str], body: Any) -> Any:
        review = self.review
        with self.lock:
            if method == "GET" and name == "meta":
                return {"run": self.run_name, "reviewer": review.reviewer,
                        "reasons": list(REJECT_REASONS), **review.facets()}
            if method == "GET" and name == "queue":
                f = Filters(status=query.get("status", "accepted"),
                            stage=query.get("stage", ""), check=query.get("check", ""),
                            band=query.get("band", ""), disagree=query.get("disagree") == "1",
                            q=query.get("q", ""))
                return {"seqs": review.queue(f)}
            if method == "GET" and name.startswith("record/") and name[7:].isdigit():
                return review.screen(int(name[7:]))
            if method == "GET" and name == "agreement":
                return agreement_summary(self.store)
            if method == "POST" and name == "decide" and isinstance(body, dict):
                d = self.layer.decide(int(body.get("seq", -1)), review.reviewer,
                                      str(body.get("action")), body.get("reason"),
                                      body.get("edits"))
                return asdict(d)
            if method == "POST" and name == "undo":
                undone = self.layer.undo(review.reviewer)
                return asdict(undone) if undone else None
        raise LookupError(name)


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the URL, not a line per keystroke."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        token, _, rest = parts.path.lstrip("/").partition("/")
        port = self.server.server_address[1]
        if (not hmac.compare_digest(token.encode(), self.server.token.encode())
                or self.headers.get("Host") not in (f"127.0.0.1:{port}", f"localhost:{port}")):
            return self._send(HTTPStatus.FORBIDDEN, b"forbidden", "text/plain")
        if method == "GET" and rest in self.server.static and parts.path.endswith(rest or "/"):
            content, ctype = self.server.static[rest]
            return self._send(HTTPStatus.OK, content, ctype)
        if method == "GET" and not rest:  # /TOKEN: relative links need the slash
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", f"/{token}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not rest.startswith("api/"):
            return self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
        if method == "POST" and self.headers.get("Content-Type") != "application/json":
            return self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, b"send JSON", "text/plain")
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        try:
            result = self.server.api(method, rest[4:], query, orjson.loads(body) if body else None)
        except ReviewError as exc:
            return self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except (LookupError, ValueError, TypeError):
            return self._json(HTTPStatus.NOT_FOUND, {"error": f"no such request: {rest}"})
        return self._json(HTTPStatus.OK, result)

    def _json(self, status: HTTPStatus, value: Any) -> None:
        self._send(status, orjson.dumps(value), "application/json")

    def _send(self, status: HTTPStatus, content: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(content)
