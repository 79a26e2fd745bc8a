"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint on the standard library's HTTP server.

Routes: ``/`` HTML page · ``/sparql`` the endpoint (GET ``?query=``, POST form or
``application/sparql-query`` body) · ``/named/NAME?param=…`` a named query with typed
parameters.

Why it is shaped this way:

- Read-only by construction: the store is opened read-only and only ``query`` is ever called.
  Updates (``update=``, ``application/sparql-update``, or update text sent as a query) get 403,
  and so does SERVICE, which would make the server fetch URLs chosen by the client.
- Time limit: each query runs in a daemon worker thread and the request waits at most
  ``timeout`` seconds, then answers 503. A thread cannot be killed, so a query that is still
  computing (one big ORDER BY or aggregate) runs on in the background; streamed results stop at
  the next clock check. At most ``workers`` queries run at once and a request that finds them
  all busy gets 503 at once, so a flood of slow queries costs a fixed number of threads, not an
  unbounded number. (A subprocess per query could be killed, but would have to reload a
  file-backed graph per query.) Oxigraph releases the GIL while it evaluates, so the server
  stays responsive meanwhile.
- A row limit (``max_rows``) caps every answer; a cut answer carries ``X-KG-Truncated``.
- Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.queries import run_named
from kg.sparql.engine import Engine
from kg.sparql.errors import QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from kg.sparql.guard import refuse_federation
from kg.sparql.page import error_page, index_page, result_page
from kg.sparql.params import parse_assignments
from kg.sparql.prefixes import prologue
from kg.sparql.results import MEDIA_TYPES, Result, render

MAX_BODY = 256 * 1024
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "text/html": "html",
}
FORMAT_NAMES = {"json", "xml", "csv", "tsv", "html", "turtle", "ntriples", "rdfxml"}


class Busy(QueryError):
    """Every worker is running a query."""


class QueryService:
    """An engine behind a time limit, a row limit and a bounded set of worker threads."""

    def __init__(
        self, engine: Engine, *, timeout: float = 10.0, max_rows: int = 10_000, workers: int = 4
    ) -> None:
        self.engine = engine
        self.timeout = timeout
        self.max_rows = max_rows
        self._slots = threading.BoundedSemaphore(workers)

    def run(
        self, text: str | None = None, *, name: str | None = None, params: dict[str, str] | None = None
    ) -> Result:
        """Run SPARQL ``text`` or named query ``name``; QueryTimeout after ``timeout`` seconds."""
        if text is not None:
            refuse_federation(text)
        deadline = time.monotonic() + self.timeout

        def work() -> Result:
            if name is not None:
                return run_named(self.engine, name, params or {}, max_rows=self.max_rows, deadline=deadline)
            return self.engine.query(text or "", max_rows=self.max_rows, deadline=deadline)

        return self._in_worker(work)

    def _in_worker(self, work: Callable[[], Result]) -> Result:
        if not self._slots.acquire(blocking=False):
            raise Busy("all query workers are busy; try again shortly")
        box: dict[str, object] = {}
        done = threading.Event()

        def target() -> None:
            try:
                box["result"] = work()
            except BaseException as exc:  # handed to the waiting request thread
                # Drop the traceback here: its frames hold pyoxigraph result iterators, which
                # must be freed on the thread that made them, not wherever the GC runs later.
                exc.__traceback__ = exc.__context__ = exc.__cause__ = None
                box["error"] = exc
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=target, name="kg-query", daemon=True).start()
        if not done.wait(self.timeout):
            raise QueryTimeout(f"query did not finish within {self.timeout:g} s")
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["result"]  # type: ignore[return-value]


def negotiate(accept: str, kind: str, explicit: str | None) -> str:
    """The output format for a result ``kind`` from the Accept header or a ``format`` parameter."""
    offered = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    default = "turtle" if kind == "graph" else "json"
    if explicit:
        explicit = explicit.lower()
        if explicit in offered:
            return offered[explicit]
        if explicit in offered.values():
            return explicit
        return default
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((-q, position, media.strip().lower()))
    for negative_q, _, media in sorted(ranges):
        if negative_q >= 0:
            continue
        if media in offered:
            return offered[media]
        if media.endswith("/*"):
            prefix = media[:-1]  # "*/", "text/", "application/"
            if prefix == "*/" or MEDIA_TYPES[default].startswith(prefix):
                return default
            for candidate, fmt in offered.items():
                if candidate.startswith(prefix) and fmt != "html":
                    return fmt
    return default


class Handler(BaseHTTPRequestHandler):
    """One request; the QueryService and the source name are on the server object."""

    server: KGServer
    server_version = "zhkg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request (slow clients hold a thread)

    # -- plumbing ------------------------------------------------------------------------------

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            line = (format % args).encode("unicode_escape").decode("ascii")
            sys.stderr.write(f"kg serve: {self.address_string()} {line[:500]}\n")

    def _send(self, status: int, body: str, media_type: str, extra: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{media_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
        )
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str, html: bool = False) -> None:
        extra = {"Retry-After": "5"} if status == HTTPStatus.SERVICE_UNAVAILABLE else None
        if html:
            self._send(status, error_page(status, message), "text/html", extra)
        else:
            self._send(status, message + "\n", "text/plain", extra)

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return None
        if int(length) > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            return None
        return self.rfile.read(int(length))

    # -- routes --------------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        form = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            service = self.server.service
            page = index_page(self.server.source, prologue(), service.timeout, service.max_rows)
            self._send(HTTPStatus.OK, page, "text/html")
        elif url.path == "/sparql":
            self._sparql(form)
        elif url.path.startswith("/named/"):
            self._named(url.path[len("/named/") :], form)
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found: try / or /sparql")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "POST goes to /sparql")
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, READ_ONLY)
            return
        body = self._read_body()
        if body is None:
            return
        form = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
            return
        if media == "application/sparql-query":
            form["query"] = [text]
        elif media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                form.setdefault(key, []).extend(values)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {media or '(none)'}")
            return
        self._sparql(form)

    def _sparql(self, form: dict[str, list[str]]) -> None:
        html = form.get("format", [""])[0] == "html"
        if "update" in form:
            self._error(HTTPStatus.FORBIDDEN, READ_ONLY, html)
            return
        if "default-graph-uri" in form or "named-graph-uri" in form:
            self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri / named-graph-uri are not supported", html)
            return
        queries = form.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one non-empty query parameter", html)
            return
        self._answer(lambda: self.server.service.run(queries[0]), form, "query")

    def _named(self, name: str, form: dict[str, list[str]]) -> None:
        values = {k: v[-1] for k, v in form.items() if k != "format"}
        try:
            parse_assignments([f"{k}=" for k in values])  # parameter names must be identifiers
        except QueryError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self._answer(lambda: self.server.service.run(name=name, params=values), form, name)

    def _answer(self, run: Callable[[], Result], form: dict[str, list[str]], title: str) -> None:
        explicit = form.get("format", [None])[-1]
        html = explicit == "html"
        try:
            result = run()
        except QueryRefused as exc:
            self._error(HTTPStatus.FORBIDDEN, str(exc), html)
            return
        except (QueryTimeout, Busy) as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), html)
            return
        except (QuerySyntaxError, QueryError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc), html)
            return
        except Exception as exc:  # never leak a traceback to the client
            sys.stderr.write(f"kg serve: internal error: {type(exc).__name__}: {exc}\n")
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error", html)
            return
        fmt = negotiate(self.headers.get("Accept", ""), result.kind, explicit)
        if result.kind == "ask" and fmt == "tsv":
            fmt = "json"
        extra = {"X-KG-Truncated": str(len(result.rows or result.triples))} if result.truncated else {}
        if fmt == "html":
            self._send(HTTPStatus.OK, result_page(result, title), "text/html", extra)
        elif fmt == "rdfxml":
            self._send(HTTPStatus.OK, result.graph().serialize(format="xml"), "application/rdf+xml", extra)
        else:
            self._send(HTTPStatus.OK, render(result, fmt), MEDIA_TYPES[fmt], extra)


class KGServer(ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the QueryService; request threads are daemons."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], service: QueryService, source: str, quiet: bool = False
    ) -> None:
        self.service = service
        self.source = source
        self.quiet = quiet
        super().__init__(address, Handler)


def make_server(
    engine: Engine,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 4,
    quiet: bool = False,
) -> KGServer:
    """A server bound to ``host:port`` (port 0 picks a free one); call ``serve_forever()``."""
    service = QueryService(engine, timeout=timeout, max_rows=max_rows, workers=workers)
    return KGServer((host, port), service, engine.source, quiet=quiet)
