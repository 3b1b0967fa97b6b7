"""Concurrent imports of one file report what each really recorded (issue 16, section 4): four
real processes run the same resumable ``hom import`` on one SQLite log at once. Each batch is in
the log once, and each process counts as recorded only the batches it appended itself; a batch
another process appended first (its idempotency key taken) counts as skipped. Before, four
processes added 3,000 events and claimed 4,200."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import ok, run, sqlite_url
from hom_core import open_log

PROCESSES = 4
LINES = 600
BATCH = 20


@pytest.mark.slow
def test_four_processes_importing_one_file_claim_exactly_what_they_recorded(
    tmp_path: Path,
) -> None:
    url = sqlite_url(tmp_path / "hom.sqlite3")
    ok(run("init", "--url", url, "-p", "hom", "--name", "Hom", "--formed-on", "2013-07-01"))
    history = tmp_path / "history.jsonl"
    payloads = (
        {"member_id": f"m{n}", "received_on": "2015-03-02", "leaves_on": "2015-08-31"}
        for n in range(LINES)
    )
    history.write_text(
        "".join(json.dumps({"event": "hom.notice_given", "payload": p}) + "\n" for p in payloads)
    )
    command = [str(Path(sys.executable).with_name("hom")), "import", str(history)]
    command += ["--url", url, "-p", "hom", "--batch-size", str(BATCH), "--json"]
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(PROCESSES)
    ]
    reports = []
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        reports.append(json.loads(out))

    batches = LINES // BATCH
    assert sum(report["events"] for report in reports) == LINES
    assert sum(report["batches"] for report in reports) == batches
    for report in reports:
        assert report["batches"] + report["skipped_batches"] == batches
        assert report["events"] == report["batches"] * BATCH
    with open_log(url) as log:
        assert log.head()[0] == 2 + LINES  # the formation's two events, then each line once
        assert log.verify().ok
