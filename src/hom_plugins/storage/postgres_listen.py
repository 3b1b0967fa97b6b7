"""Hearing other processes' appends to a PostgreSQL log: a thread that listens (``LISTEN``) on
the log's channel (each append sends ``NOTIFY`` with its last position) and wakes whoever waits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from psycopg import sql

from hom_core.errors import StoreError
from hom_plugins.storage.postgres_base import PostgresURL, connect

__all__ = ["Listener"]

logger = logging.getLogger("hom.postgres")

_LISTEN_POLL = 0.25
"""Seconds the listener thread waits for a notification before checking it should stop."""


class Listener:
    """A thread that listens (``LISTEN``) on the store's channel and wakes whoever waits for
    appends.

    ``latest`` is the highest position announced (or the head when listening began): a waiter
    for records after ``p`` returns as soon as ``latest > p``. While the connection is lost the
    thread reconnects every few seconds and waiters fall back to their timeouts.
    """

    def __init__(self, url: PostgresURL, channel: str, head: Callable[[], tuple[int, str]]) -> None:
        self._url = url
        self._channel = channel
        self._head = head
        self._latest = -1
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"hom-listen-{url.schema}", daemon=True
        )
        self._thread.start()
        self._listening.wait(timeout=min(url.timeout, 5.0))

    def wait(self, after_position: int, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._latest > after_position, timeout)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5 * _LISTEN_POLL + 1)

    def _announce(self, position: int) -> None:
        with self._changed:
            if position > self._latest:
                self._latest = position
                self._changed.notify_all()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with connect(self._url) as connection:
                    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
                    # appends committed before LISTEN took effect sent nothing we can hear
                    self._announce(self._head()[0])
                    self._listening.set()
                    while not self._stopping.is_set():
                        for notice in connection.notifies(timeout=_LISTEN_POLL):
                            self._announce(_position(notice.payload))
            except (psycopg.Error, StoreError) as error:
                self._listening.set()  # do not keep the first waiter waiting for a connection
                logger.warning(
                    "hom: listening for appends at %s failed (%s); subscribers poll until it "
                    "reconnects",
                    self._url.shown,
                    error,
                )
                self._stopping.wait(min(5.0, self._url.timeout))


def _position(payload: str) -> int:
    try:
        return int(payload)
    except ValueError:
        return -1
