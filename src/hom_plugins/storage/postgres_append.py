"""The PostgreSQL append as one server-side function, ``hom_append_sealed``: one statement per
append.

The function runs, inside the statement's own transaction, the append algorithm every other backend
runs in Python (:func:`hom_core.appending.append_within`), in the same order: take the log's write
lock (``pg_advisory_xact_lock``), answer a recorded idempotency key, check the expected version,
read the head, seal the batch at ``head + 1`` (the hash chain's :func:`~hom_core.chain.link`,
computed by the server) and insert it with its key, then ``NOTIFY``. It returns the hashes it
sealed, so the client knows the records as the log holds them
(:attr:`~hom_core.envelope.AppendResult.hashes`: a command's state is kept after its append without
reading the stream back). The client sends the call and reads one row back: one exchange with the
server and one commit, so the write lock is held only for the server's own work and the commit's
flush, never for a round trip to the client.

The canonical text the server hashes is the one :func:`~hom_core.chain.link` hashes: the compact
JSON array of the record's fields but its hash, strings escaped by ``to_json`` (which escapes
exactly what Python's ``json`` escapes when it keeps non-ASCII text: ``"``, ``\\``, and control
characters, as ``\\b``, ``\\f``, ``\\n``, ``\\r``, ``\\t`` or ``\\u00xx``), encoded in UTF-8
whatever the database's encoding. The tests hold the two to the same hashes over generated text.

The function is created with the schema's tables (layout version 3) and by the upgrade of a layout-1
or layout-2 schema. Layout 2's function, ``hom_append``, returned no hashes; the upgrade leaves it
in place, so a process of an older hom still running appends safely until it stops (the two write
the same chain under the same lock; drop it once no older hom runs). It runs with its caller's
privileges (``SECURITY INVOKER``), so a role granted only ``SELECT`` and ``INSERT`` on ``events``
and ``idempotency`` (and ``EXECUTE`` on the function, which PostgreSQL grants to everyone by
default) can append and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg import sql

from hom_core.envelope import AppendResult
from hom_core.errors import ConcurrencyError
from hom_core.store import NewRecord, retried_append

__all__ = ["APPEND_CALL", "APPEND_FUNCTION", "append_arguments", "appended", "call_append"]

APPEND_FUNCTION = r"""
CREATE OR REPLACE FUNCTION {schema}.hom_append_sealed(
    p_lock_key bigint, p_channel text, p_stream text, p_expected bigint, p_key text,
    p_types text[], p_schema_versions integer[], p_payloads text[], p_recorded text[],
    p_effective text[], p_actors text[], p_correlations text[], p_causations text[],
    OUT outcome text, OUT out_stream text, OUT out_version bigint, OUT out_first bigint,
    OUT out_last bigint, OUT out_hashes text[]
)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $hom$
DECLARE
    head_position bigint;
    head_hash text;
    current_version bigint;
    hashes text[] := '{{}}';
    n integer := cardinality(p_types);
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock_key);
    -- each statement below sees every append committed before the lock was granted
    IF p_key IS NOT NULL THEN
        SELECT 'recorded', i.stream_id, i.stream_version, i.first_position, i.last_position
            INTO outcome, out_stream, out_version, out_first, out_last
            FROM {schema}.idempotency AS i WHERE i.key = p_key;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    SELECT (SELECT coalesce(max(e.stream_version), 0) FROM {schema}.events AS e
            WHERE e.stream_id = p_stream), head.position, head.hash
        INTO current_version, head_position, head_hash
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT e.position, e.hash FROM {schema}.events AS e
                           ORDER BY e.position DESC LIMIT 1) AS head ON true;
    out_stream := p_stream;
    IF p_expected IS NOT NULL AND p_expected <> current_version THEN
        outcome := 'conflict';
        out_version := current_version;
        RETURN;
    END IF;
    head_position := coalesce(head_position, 0);
    head_hash := coalesce(head_hash, repeat('0', 64));
    FOR i IN 1 .. n LOOP
        head_hash := encode(sha256(convert_to(
            head_hash || E'\n[' || (head_position + i) || ',' || to_json(p_stream)::text || ','
            || (current_version + i) || ',' || to_json(p_types[i])::text || ','
            || p_schema_versions[i] || ',' || to_json(p_payloads[i])::text || ','
            || to_json(p_recorded[i])::text || ',' || to_json(p_effective[i])::text || ','
            || to_json(p_actors[i])::text || ',' || to_json(p_correlations[i])::text || ','
            || coalesce(to_json(p_causations[i])::text, 'null') || ']',
            'UTF8')), 'hex');
        hashes[i] := head_hash;
    END LOOP;
    IF n = 1 THEN  -- one record: a VALUES insert, cheaper than unnest's set
        INSERT INTO {schema}.events VALUES (
            head_position + 1, p_stream, current_version + 1, p_types[1], p_schema_versions[1],
            p_payloads[1], p_recorded[1], p_effective[1], p_actors[1], p_correlations[1],
            p_causations[1], head_hash);
    ELSE
        INSERT INTO {schema}.events
        SELECT head_position + r.ordinality, p_stream, current_version + r.ordinality,
               r.event_type, r.schema_version, r.payload, r.recorded_at, r.effective_date,
               r.actor, r.correlation_id, r.causation_id, r.hash
        FROM unnest(p_types, p_schema_versions, p_payloads, p_recorded, p_effective, p_actors,
                    p_correlations, p_causations, hashes)
             WITH ORDINALITY AS r(event_type, schema_version, payload, recorded_at,
                                  effective_date, actor, correlation_id, causation_id, hash,
                                  ordinality);
    END IF;
    outcome := 'appended';
    out_version := current_version + n;
    out_first := head_position + 1;
    out_last := head_position + n;
    out_hashes := hashes;
    IF p_key IS NOT NULL THEN
        INSERT INTO {schema}.idempotency VALUES (p_key, p_stream, out_version, out_first, out_last);
    END IF;
    PERFORM pg_notify(p_channel, out_last::text);
END
$hom$
"""
"""The ``CREATE OR REPLACE FUNCTION`` of ``hom_append_sealed``, with ``{schema}`` to fill in."""

_ARRAYS = ", ".join(
    f"%b::{kind}[]" for kind in ("text", "integer", "text", "text", "text", "text", "text", "text")
)  # binary arrays: no escaping on the way, no array literals to parse on the server
APPEND_CALL = (
    f"SELECT * FROM {{schema}}.hom_append_sealed(%s, %s, %s, %s::bigint, %s::text, {_ARRAYS})"
)
"""The call of ``hom_append_sealed``, with ``{schema}`` to fill in."""


def call_append(
    connection: psycopg.Connection[Any],
    call: sql.Composed,
    target: tuple[int, str],
    stream_id: str,
    records: Sequence[NewRecord],
    expected_version: int | None,
    idempotency_key: str | None,
    confirm: Callable[[str, tuple[Any, ...]], AppendResult],
) -> AppendResult:
    """Append ``records`` with one call of ``hom_append_sealed`` on an autocommit
    ``connection`` (the call is its own transaction). ``target`` is the write lock's key and
    the channel to notify; ``confirm(key, row)`` confirms a recorded key's append (a read after
    the call: the key and its records were committed together)."""
    arguments = append_arguments(target, stream_id, records, expected_version, idempotency_key)
    row = connection.execute(call, arguments).fetchone()
    return appended(row, stream_id, expected_version, idempotency_key, confirm)


def append_arguments(
    target: tuple[int, str],
    stream_id: str,
    records: Sequence[NewRecord],
    expected_version: int | None,
    idempotency_key: str | None,
) -> tuple[Any, ...]:
    """The arguments of the call of ``hom_append_sealed`` that appends ``records``."""
    lock_key, channel = target
    columns = [list(column) for column in zip(*records, strict=True)]
    return (lock_key, channel, stream_id, expected_version, idempotency_key, *columns)


def appended(
    row: tuple[Any, ...] | None,
    stream_id: str,
    expected_version: int | None,
    idempotency_key: str | None,
    confirm: Callable[[str, tuple[Any, ...]], AppendResult],
) -> AppendResult:
    """What the ``row`` ``hom_append_sealed`` returned means: the append's result (with the
    hashes the server sealed), or its error."""
    assert row is not None  # the function always returns one row
    outcome, stream, version, first, last, hashes = row
    if outcome == "conflict":
        assert expected_version is not None
        raise ConcurrencyError(stream_id, expected_version, version)
    if outcome == "recorded":
        assert idempotency_key is not None
        earlier = confirm(idempotency_key, (stream, version, first, last))
        return retried_append(earlier, idempotency_key, stream_id)
    return AppendResult(stream, version, first, last, hashes=tuple(hashes))
