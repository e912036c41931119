"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``.

Chromium reads commands from its fd 3 and writes replies and events to its fd 4,
each message one JSON object followed by a NUL byte.  Only the standard library
is used: ``os.pipe``, ``subprocess`` (the pipe ends are moved to fds 3 and 4 in
the child just before exec, and kept open there with ``pass_fds=(3, 4)``) and
``select`` for timeouts.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--window-size=1000,1400",
    "--remote-debugging-pipe",
)


def chromium_binary() -> str | None:
    """Debian's Chromium, if installed."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


class ProtocolError(RuntimeError):
    """A command answered with an error, or the browser went away."""


def _high(fd: int) -> int:
    """A duplicate of ``fd`` numbered 10 or above (so that moving the ends to 3 and
    4 in the child cannot overwrite one with the other)."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


def _occupy_3_and_4() -> list[int]:
    """Make sure fds 3 and 4 are open in this process (on /dev/null if need be), so
    that ``pass_fds=(3, 4)`` is valid and Popen's own error pipe cannot take those
    numbers; returns the placeholders to close after the fork."""
    placeholders = []
    for _ in range(2):
        free = []
        for fd in (3, 4):
            try:
                os.fstat(fd)
            except OSError:
                free.append(fd)
        if not free:
            break
        placeholders.append(os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC))
    return placeholders


class Browser:
    """One headless Chromium and one page target, driven over the pipe."""

    def __init__(self, binary: str, profile: Path, log: Path):
        commands_read, self._commands = os.pipe()  # we write, Chromium reads fd 3
        self._replies, replies_write = os.pipe()  # Chromium writes fd 4, we read
        child_in, child_out = _high(commands_read), _high(replies_write)

        def move_fds() -> None:  # runs in the child before exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self._log = open(log, "wb")  # noqa: SIM115 (closed in close())
        placeholders = _occupy_3_and_4()
        try:
            self.process = subprocess.Popen(
                [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                preexec_fn=move_fds, pass_fds=(3, 4),
            )
        finally:
            for fd in (*placeholders, child_in, child_out):
                os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    # -- transport ---------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self._commands, data)
            data = data[written:]

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no message from Chromium in time")
            ready, _, _ = select.select([self._replies], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise ProtocolError("Chromium closed the pipe (exit code "
                                    f"{self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def command(self, method: str, params: dict | None = None, *, browser: bool = False,
                timeout: float = 30.0) -> dict[str, Any]:
        """Send a command (to the page session unless ``browser``) and wait for its
        reply; events that arrive meanwhile are kept in :attr:`events`."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if not browser and self.session is not None:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise ProtocolError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30.0) -> dict[str, Any]:
        """The first kept or new event ``method`` of the page session (removed from
        :attr:`events`)."""
        deadline = time.monotonic() + timeout
        while True:
            for j, event in enumerate(self.events):
                if event["method"] == method and event.get("sessionId") == self.session:
                    return self.events.pop(j)
            self.events.append(self._receive(deadline))

    # -- page ----------------------------------------------------------------------------

    def open_page(self) -> None:
        target = self.command("Target.createTarget", {"url": "about:blank"}, browser=True)
        attached = self.command("Target.attachToTarget",
                                {"targetId": target["targetId"], "flatten": True},
                                browser=True)
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.command(f"{domain}.enable")

    def navigate(self, url: str, timeout: float = 30.0) -> None:
        self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
        reply = self.command("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise ProtocolError(f"navigate {url}: {reply['errorText']}")
        self.wait_event("Page.loadEventFired", timeout)

    def evaluate(self, expression: str) -> Any:
        reply = self.command("Runtime.evaluate", {"expression": expression,
                                                  "returnByValue": True})
        if "exceptionDetails" in reply:
            raise ProtocolError(f"evaluate: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def errors(self) -> list[str]:
        """Errors reported since the last call: exceptions, console errors, log errors."""
        found = []
        kept = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                thrown = details.get("exception", {}).get("description", "")
                found.append(f"exception: {details.get('text')} {thrown}".strip())
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error",
                                                                                  "assert"):
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                found.append(f"log ({entry.get('source')}): {entry.get('text')} "
                             f"{entry.get('url', '')}")
            else:
                kept.append(event)
                continue
        self.events = [e for e in kept if e["method"] == "Page.loadEventFired"]
        return found

    def screenshot(self, path: Path, height_limit: int = 4000) -> None:
        """A PNG of the page from its top, as wide as the window and as tall as the
        content (at most ``height_limit`` CSS pixels)."""
        metrics = self.command("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": min(size["width"], 1000),
                "height": min(size["height"], height_limit), "scale": 1}
        shot = self.command("Page.captureScreenshot",
                            {"format": "png", "clip": clip, "captureBeyondViewport": True},
                            timeout=60)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.command("Browser.close", browser=True, timeout=10)
        except (ProtocolError, TimeoutError, OSError):
            pass
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            os.close(self._commands)
            os.close(self._replies)
            self._log.close()
