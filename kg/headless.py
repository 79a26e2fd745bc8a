"""Headless Chromium for checking and screenshotting the viz pages, with the network off.

Driven through the DevTools protocol over ``--remote-debugging-pipe`` (JSON messages on file
descriptors 3 and 4, each ended by a NUL byte): the standard library is enough, there is no
port to pick or race for, and the browser dies with its pipes. One session can open a page,
read values from its JavaScript (``nodes.length``), wait for vis' layout to settle and take a
screenshot, which ``--dump-dom``/``--screenshot`` runs could only do in several launches.

Every network load is made to fail (a proxy to a closed port, background services off), so a
page that still links a CDN shows up as a broken page rather than silently working.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

#: Flags for a quiet, isolated, offline browser.
OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--hide-scrollbars",
    # a headless page counts as hidden: without these its timers (and vis' layout batches)
    # would be throttled and every timing would measure the throttle
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--mute-audio",
)


class BrowserError(RuntimeError):
    """Chromium could not be started, or a DevTools command failed or timed out."""


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary on PATH (or $CHROMIUM), or None."""
    env = os.environ.get("CHROMIUM")
    if env and shutil.which(env):
        return shutil.which(env)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with one page, driven over the DevTools pipe.

    Use as a context manager; the browser and its throw-away profile are removed on exit.
    """

    def __init__(self, binary: str | None = None, width: int = 1400, height: int = 900) -> None:
        self.binary = binary or find_chromium()
        if not self.binary:
            raise BrowserError("no chromium binary found (apt-get install chromium)")
        self.width, self.height = width, height
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._cond = threading.Condition()
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        self.session: str | None = None
        self.console: list[str] = []
        self.requests: list[str] = []  # every URL the page asked for that is not inline or local

    # -- process and pipe --------------------------------------------------------------------

    def __enter__(self) -> Browser:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()

        def remap() -> None:  # runs in the child: the protocol wants exactly fds 3 and 4
            high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        args = [
            self.binary,
            *OFFLINE_FLAGS,
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile}",
            f"--window-size={self.width},{self.height}",
            "about:blank",
        ]
        try:
            self.proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(3, 4),
                preexec_fn=remap,
            )
        except OSError as exc:
            raise BrowserError(f"cannot start {self.binary}: {exc}") from exc
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._write = os.fdopen(to_child_w, "wb", buffering=0)
        self._read_fd = from_child_r
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        try:
            self._attach()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to quit, then make sure it did; remove the profile."""
        with contextlib.suppress(Exception):
            self.send("Browser.close", timeout=5)
        with contextlib.suppress(Exception):
            self._write.close()
        try:
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait(timeout=10)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _read_loop(self) -> None:
        buffer = b""
        with os.fdopen(self._read_fd, "rb", buffering=0) as pipe:
            while True:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    break
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    message = json.loads(raw)
                    if "id" in message:
                        with self._cond:
                            self._responses[message["id"]] = message
                            self._cond.notify_all()
                    else:
                        self._on_event(message)
        with self._cond:
            self._cond.notify_all()

    def _on_event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            args = params.get("args", [])
            self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in args))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append("exception: " + str(details.get("exception", {}).get("description", details)))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if not url.startswith(("data:", "about:", "file:", "blob:")):
                self.requests.append(url)
        self._events.put(message)

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, timeout: float = 30, session: bool = True
    ) -> dict[str, Any]:
        """Send one DevTools command and wait for its result."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._write.write(json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        with self._cond:
            while ident not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise BrowserError(f"{method}: no answer within {timeout:g} s")
                self._cond.wait(left)
            answer = self._responses.pop(ident)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def _attach(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            targets = self.send("Target.getTargets", session=False)["targetInfos"]
            pages = [t for t in targets if t["type"] == "page"]
            if pages:
                break
            if time.monotonic() > deadline:
                raise BrowserError("chromium opened no page")
            time.sleep(0.1)
        attached = self.send(
            "Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True}, session=False
        )
        self.session = attached["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Network.enable"):
            self.send(domain)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
        )

    # -- page operations ---------------------------------------------------------------------

    def _wait_event(self, method: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no {method} within {timeout:g} s")
            try:
                message = self._events.get(timeout=left)
            except queue.Empty:
                continue
            if message.get("method") == method:
                return message

    def open(self, path_or_url: str | Path, timeout: float = 60) -> None:
        """Navigate to a file (or URL) and wait for its load event."""
        url = (
            path_or_url
            if str(path_or_url).startswith(("file:", "http:", "https:", "about:", "data:"))
            else None
        )
        url = url or Path(path_or_url).resolve().as_uri()
        while not self._events.empty():
            self._events.get_nowait()
        self.send("Page.navigate", {"url": str(url)})
        self._wait_event("Page.loadEventFired", timeout)

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        """The value of a JavaScript expression in the page; promises are awaited."""
        result = self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": True,
                "timeout": timeout * 1000,
            },
            timeout=timeout + 5,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"script failed: {details.get('exception', {}).get('description', details)}")
        return result.get("result", {}).get("value")

    def screenshot(self, path: str | Path) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path


WAIT_STABLE_JS = """
new Promise(function (resolve) {
  var t0 = Date.now();
  (function poll() {
    if (window.kgStabilizedAt !== null && window.kgStabilizedAt !== undefined) {
      resolve({stabilizedAt: window.kgStabilizedAt, startedAt: window.kgStartedAt,
               dataAt: window.kgDataAt, networkAt: window.kgNetworkAt, iterations: window.kgIterations});
    } else if (Date.now() - t0 > %d) {
      resolve(null);
    } else { setTimeout(poll, 50); }
  })();
})
"""


def wait_stable(browser: Browser, timeout_ms: int = 120_000) -> dict[str, float] | None:
    """Wait for the viz page's layout to settle; the page's own timings, or None on timeout."""
    return browser.evaluate(WAIT_STABLE_JS % timeout_ms, timeout=timeout_ms / 1000 + 5)


def screenshot_page(
    html_path: str | Path, png_path: str | Path, width: int = 1600, height: int = 1000
) -> Path:
    """Open a viz page offline, let its layout settle, and save a screenshot."""
    with Browser(width=width, height=height) as browser:
        browser.open(html_path)
        if wait_stable(browser) is None:
            errors = [c for c in browser.console if c.startswith("exception")]
            raise BrowserError(
                f"{html_path}: the layout never settled" + (f": {errors[0]}" if errors else "")
            )
        time.sleep(0.3)  # the last redraw after stabilisation
        return browser.screenshot(png_path)
