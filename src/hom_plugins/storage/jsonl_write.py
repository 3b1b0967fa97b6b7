"""Writing a JSON-lines log: a batch in one write at the end of the file, synced to disk, or cut
back off when the write or the sync fails (after a failed sync the handle refuses to append)."""

from __future__ import annotations

import os

from hom_core.errors import StoreError
from hom_plugins.storage.jsonl_lines import HEADER

__all__ = ["Writer"]


class Writer:
    """Writes to the log file ``path`` open as ``fd``; ``fsync=False`` skips the syncs.

    ``broken`` says why the handle refuses to append (``None`` while it does not).
    """

    def __init__(self, fd: int, path: str, *, fsync: bool) -> None:
        self.fd = fd
        self.path = path
        self.fsync = fsync
        self.broken: str | None = None

    def sync(self) -> None:
        """Flush what was written to the disk (unless ``fsync`` is off)."""
        if self.fsync:
            _fdatasync(self.fd)

    def write_header(self) -> None:
        """Write the header line of a new log, synced."""
        _write_all(self.fd, HEADER.encode())
        self.sync()

    def write_batch(self, stream_id: str, data: bytes, end: int) -> None:
        """Write and sync one batch at ``end``; on failure cut the file back to ``end``."""
        size = os.fstat(self.fd).st_size
        if size != end:
            self.broken = (
                f"the JSONL log {self.path!r} changed under this handle (it is {size} bytes, "
                f"this handle wrote {end}): something wrote to it without the lock; close the "
                "log and reopen it (opening checks the file)"
            )
            raise StoreError(self.broken)
        try:
            _write_all(self.fd, data)
        except OSError as error:
            self._roll_back(end, error)
            raise StoreError(
                f"append to {stream_id!r} in {self.path!r} failed and was rolled back: "
                f"{error.strerror or error}"
            ) from error
        except BaseException as error:
            self._roll_back(end, error)
            raise
        try:
            self.sync()
        except OSError as error:
            self._roll_back(end, error)
            self.broken = (
                f"syncing an append to {self.path!r} failed ({error.strerror or error}), so this "
                "handle no longer trusts what the disk holds and refuses to append: close the log "
                "and reopen it"
            )
            raise StoreError(
                f"append to {stream_id!r} in {self.path!r} failed and was rolled back: the "
                f"disk did not confirm the write ({error.strerror or error})"
            ) from error

    def _roll_back(self, end: int, error: BaseException) -> None:
        try:
            os.ftruncate(self.fd, end)
            self.sync()
        except OSError as truncating:
            self.broken = (
                f"an append to {self.path!r} failed ({error}) and cutting the file back failed "
                f"too ({truncating.strerror}): close the log and reopen it, which drops the "
                "unfinished batch"
            )


_fdatasync = getattr(os, "fdatasync", os.fsync)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (one ``write`` unless the system writes less)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
