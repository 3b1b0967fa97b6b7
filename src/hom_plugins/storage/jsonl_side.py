"""Snapshots and checkpoints of a JSON-lines log: one small JSON file each, beside the log.

In ``<log>.snapshots/`` and ``<log>.checkpoints/``, named by a hash of the snapshot's name and
key (or the checkpoint's name). Each save writes a temporary file, syncs it and renames it over
the old one, so a file is always whole.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from hom_core.errors import CorruptLogError, StoreError
from hom_core.jsontext import compact
from hom_core.store import Snapshot
from hom_plugins.storage.jsonl_lines import digest, sync_directory

__all__ = ["SideFiles"]

_REBUILT = "the projection is then rebuilt from the log"
_FROM_ZERO = "the consumer then starts again from position 0, or write the right position"


class SideFiles:
    """The snapshot and checkpoint files of the log at ``log_path``; ``fsync=False`` skips
    syncing them to disk."""

    def __init__(self, log_path: str, *, fsync: bool) -> None:
        self.log_path = log_path
        self.fsync = fsync

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` in its file, replacing the one of the same name and key."""
        content = {
            "name": snapshot.name,
            "key": snapshot.key,
            "version": snapshot.version,
            "code_version": snapshot.code_version,
            "state": snapshot.state,
        }
        self._save(self._snapshot_file(snapshot.name, snapshot.key), content)

    def load_snapshot(self, name: str, key: str) -> Snapshot | None:
        """The snapshot kept under ``name`` and ``key``, or ``None``."""
        path = self._snapshot_file(name, key)
        content = self._load(path, "snapshot", _REBUILT)
        if content is None:
            return None
        name_, key_, version, code_version, state = (
            content.get(field) for field in ("name", "key", "version", "code_version", "state")
        )
        if not (
            isinstance(name_, str)
            and isinstance(key_, str)
            and isinstance(version, int)
            and isinstance(code_version, int)
            and isinstance(state, str)
        ):
            raise self._bad_file(path, "snapshot", "a field is missing or ill-typed", _REBUILT)
        if (name_, key_) != (name, key):
            return None
        return Snapshot(name, key, version, code_version, state)

    def save_checkpoint(self, name: str, position: int, held: str | None) -> None:
        """Keep the checkpoint, with ``held``, the hash of the record at ``position`` (when the
        log holds one), so that a rewritten log can be told."""
        content: dict[str, object] = {"name": name, "position": position}
        if held is not None:
            content["hash"] = held
        self._save(self._checkpoint_file(name), content)

    def load_checkpoint(self, name: str) -> tuple[int, str] | None:
        """The checkpoint's position and the hash kept with it (``""``: none), or ``None``."""
        path = self._checkpoint_file(name)
        content = self._load(path, "checkpoint", _FROM_ZERO)
        if content is None or content.get("name") != name:
            return None
        position, kept = content.get("position"), content.get("hash", "")
        if not isinstance(position, int) or not isinstance(kept, str):
            raise self._bad_file(path, "checkpoint", "its position is not a number", _FROM_ZERO)
        return position, kept

    def snapshots(self) -> Iterator[Snapshot]:
        """Every snapshot file beside the log."""
        for path in sorted(Path(f"{self.log_path}.snapshots").glob("*.json")):
            content = self._load(path, "snapshot", _REBUILT)
            if content is not None:
                snapshot = self.load_snapshot(str(content.get("name")), str(content.get("key")))
                if snapshot is not None:
                    yield snapshot

    def checkpoints(self) -> Iterator[tuple[str, int]]:
        """Every checkpoint file beside the log, as saved."""
        for path in sorted(Path(f"{self.log_path}.checkpoints").glob("*.json")):
            content = self._load(path, "checkpoint", _FROM_ZERO) or {}
            name, position = content.get("name"), content.get("position")
            if isinstance(name, str) and isinstance(position, int):
                yield name, position

    def _snapshot_file(self, name: str, key: str) -> Path:
        return Path(f"{self.log_path}.snapshots") / f"{digest([name, key])}.json"

    def _checkpoint_file(self, name: str) -> Path:
        return Path(f"{self.log_path}.checkpoints") / f"{digest(name)}.json"

    def _save(self, path: Path, content: dict[str, object]) -> None:
        data = (compact(content) + "\n").encode()
        directory = path.parent
        temporary = directory / f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}"
        try:
            if not directory.is_dir():
                directory.mkdir(exist_ok=True)
                self._sync_directory(directory.parent)
            with open(temporary, "wb") as file:
                file.write(data)
                file.flush()
                if self.fsync:
                    os.fsync(file.fileno())
            os.replace(temporary, path)
            self._sync_directory(directory)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StoreError(
                f"cannot save {path} beside the JSONL log: {error.strerror or error}; check the "
                "directory is writable"
            ) from error

    def _sync_directory(self, directory: Path) -> None:
        if self.fsync:
            sync_directory(directory)

    def _load(self, path: Path, kind: str, advice: str) -> dict[str, object] | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"cannot read the {kind} file {path}: {error.strerror}") from error
        try:
            content = json.loads(data.decode())
        except ValueError:
            content = None
        if not isinstance(content, dict):
            raise self._bad_file(path, kind, "it is not a JSON object", advice)
        return content

    def _bad_file(self, path: Path, kind: str, problem: str, advice: str) -> CorruptLogError:
        return CorruptLogError(
            f"the {kind} file {path} of {self.log_path!r} is damaged ({problem}): delete it "
            f"({advice})"
        )
