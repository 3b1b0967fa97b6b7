"""The HTML report in a real browser (G7): headless Chromium opens the Heart of Manchester report
and renders its members table and both charts, applies its style sheet (so the page's
Content-Security-Policy lets it), and logs no console error.

Chromium is driven over ``--remote-debugging-pipe`` (the DevTools protocol on file descriptors 3
and 4) with the standard library only. Without a Chromium the test skips, saying so, except
under ``CI``, where it fails: CI installs Debian's ``chromium``.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from export_support import LAST_DAY, export, shared_heart_of_manchester

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)

TIMEOUT = 30.0
"""Seconds the whole browser session may take before the test fails instead of hanging."""

BAR = (0x1F, 0x4E, 0x79)
"""The colour the SVG charts fill their bars with."""

PAGE = """(() => {
  const box = (element) => {
    const rect = element.getBoundingClientRect();
    return {x: rect.x + scrollX, y: rect.y + scrollY, width: rect.width, height: rect.height};
  };
  const members = document.querySelector('#section-members table');
  return {
    title: document.title,
    members: [...members.tBodies[0].rows].map((row) => row.cells[0].textContent),
    membersBox: box(members),
    borderCollapse: getComputedStyle(members).borderCollapse,
    charts: [...document.querySelectorAll('svg[role="img"]')].map((svg) => ({
      labels: svg.getAttribute('aria-labelledby').split(' ')
        .map((id) => document.getElementById(id).textContent),
      box: box(svg),
      marks: [...svg.querySelectorAll('rect, path')].filter((mark) => {
        const drawn = mark.getBBox();
        return drawn.width > 0 || drawn.height > 0;
      }).length,
    })),
  };
})()"""
"""What the rendered page shows: the members table, the charts and their drawn marks."""

pytestmark = pytest.mark.browser


def chromium() -> str:
    """The Chromium to run, or a skip (a failure under CI) when none is installed."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.environ.get("CI"):
        pytest.fail("CI is set but no chromium is installed: apt-get install chromium")
    pytest.skip("no chromium installed (apt-get install chromium): the report was not opened")


_ON_3_AND_4 = """
import os, sys
commands, replies = int(sys.argv[1]), int(sys.argv[2])
os.dup2(commands, 3)
os.dup2(replies, 4)
os.close(commands)
os.close(replies)
os.execv(sys.argv[3], sys.argv[3:])
"""
"""Run the browser with the pipe ends it was given as descriptors 3 (commands) and 4 (replies),
where ``--remote-debugging-pipe`` expects them."""


def _high(fd: int) -> int:
    """``fd`` moved above 4, so putting the pipe ends on 3 and 4 cannot overwrite either."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class DevTools:
    """A headless Chromium spoken to over its DevTools pipe; it records every event it sends."""

    def __init__(self, browser: str, profile: Path) -> None:
        commands_in, commands_out = (_high(fd) for fd in os.pipe())
        replies_in, replies_out = (_high(fd) for fd in os.pipe())
        command = [sys.executable, "-c", _ON_3_AND_4, str(commands_in), str(replies_out)]
        self.process = subprocess.Popen(
            [*command, browser, *FLAGS, f"--user-data-dir={profile}"],
            pass_fds=(commands_in, replies_out),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_in)
        os.close(replies_out)
        self._commands, self._replies = commands_out, replies_in
        self._buffer = b""
        self._last_id = 0
        self._deadline = time.monotonic() + TIMEOUT
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        """Ask the browser to close, and make sure it has gone."""
        with contextlib.suppress(OSError, EOFError, TimeoutError, AssertionError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = self._deadline - time.monotonic()
            ready, _, _ = select.select([self._replies], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"chromium did not answer within {TIMEOUT:.0f} s")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise EOFError("chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self.events.append(message)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """Call ``method`` (in ``session``, a page's) and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while (reply := self._receive()).get("id") != self._last_id:
            pass
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply["result"]

    def open(self, url: str) -> str:
        """A new page with the Page, Runtime and Log events on, at ``url`` once it has loaded;
        its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session: str = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Page.navigate", {"url": url}, session)
        while not any(
            event["method"] == "Page.loadEventFired" and event.get("sessionId") == session
            for event in self.events
        ):
            self._receive()
        return session

    def evaluate(self, expression: str, session: str) -> Any:
        """The value of ``expression`` in the page."""
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"]["value"]

    def console_errors(self, session: str) -> list[str]:
        """Every error the page's console showed: logged errors (a Content-Security-Policy
        violation, a failed load), console.error calls, uncaught exceptions."""
        errors = []
        for event in self.events:
            if event.get("sessionId") != session:
                continue
            params = event["params"]
            if event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(params["entry"]["text"])
            elif event["method"] == "Runtime.consoleAPICalled" and params["type"] == "error":
                errors.append(json.dumps(params["args"]))
            elif event["method"] == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"]["text"])
        return errors


def png_colours(png: bytes) -> set[tuple[int, ...]]:
    """The RGB colours of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium captures)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, data, header = 8, b"", b""
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        body = png[position + 8 : position + 8 + length]
        header = body if kind == b"IHDR" else header
        data += body if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    assert colour_type in (2, 6)
    size = 3 if colour_type == 2 else 4
    stride, raw = width * size, zlib.decompress(data)
    previous, colours = bytearray(stride), set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up))
                near = min(near, (abs(guess - corner), 2, corner))
                line[i] = (line[i] + near[2]) & 0xFF
        colours.update(tuple(line[i : i + 3]) for i in range(0, stride, size))
        previous = line
    return colours


@pytest.fixture
def devtools(tmp_path: Path) -> Iterator[DevTools]:
    browser = DevTools(chromium(), tmp_path / "profile")
    try:
        yield browser
    finally:
        browser.close()


def test_g7_chromium_renders_the_members_table_and_the_charts_with_no_console_error(
    devtools: DevTools, tmp_path: Path
) -> None:
    hom = shared_heart_of_manchester()
    report = tmp_path / "report.html"
    report.write_bytes(export(hom, "report-html", LAST_DAY))
    session = devtools.open(report.as_uri())
    page = devtools.evaluate(PAGE, session)

    assert devtools.console_errors(session) == []
    assert page["title"] == "Heart of Manchester Partnership: report to governors"
    assert page["members"] == [member.name for member in hom.as_of(LAST_DAY).members()]
    assert page["membersBox"]["width"] > 0
    assert page["membersBox"]["height"] > 0
    assert page["borderCollapse"] == "collapse"  # the style sheet was allowed and applied
    charts = {chart["labels"][0]: chart for chart in page["charts"]}
    assert set(charts) == {"Membership over time", "Contributions by school, 2017-18"}
    for chart in charts.values():
        assert chart["box"]["width"] > 300
        assert chart["box"]["height"] > 100
    assert charts["Contributions by school, 2017-18"]["marks"] == 6  # one bar per school
    assert charts["Membership over time"]["marks"] == 1  # the step line

    bars = charts["Contributions by school, 2017-18"]["box"]
    clip = {key: bars[key] for key in ("x", "y", "width", "height")} | {"scale": 0.5}
    shot = devtools.send(
        "Page.captureScreenshot",
        {"format": "png", "clip": clip, "captureBeyondViewport": True},
        session,
    )
    colours = png_colours(base64.b64decode(shot["data"]))
    assert BAR in colours
    assert len(colours) > 3


def test_the_console_check_sees_an_error_when_the_policy_blocks_something(
    devtools: DevTools, tmp_path: Path
) -> None:
    """So an empty list of console errors means something: an image the report's
    Content-Security-Policy forbids is reported."""
    html = export(shared_heart_of_manchester(), "report-html", LAST_DAY).decode()
    broken = tmp_path / "broken.html"
    broken.write_text(html.replace("<main>", '<main><img src="https://hom.invalid/x.png">'))
    session = devtools.open(broken.as_uri())
    devtools.evaluate("document.title", session)  # every event of the load has arrived
    errors = devtools.console_errors(session)
    assert errors
    assert "Content Security Policy" in errors[0]
