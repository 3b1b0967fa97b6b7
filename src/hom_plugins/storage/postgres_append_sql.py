r"""The SQL of the PostgreSQL append's two server-side functions (layout version 3).

``hom_append_one`` appends one record, passed as scalar arguments, with an ``INSERT ... VALUES``;
``hom_append_sealed`` appends a batch, passed as one array per column, with an ``INSERT`` from
``unnest``. Both run the same steps, composed here from the same text: take the log's write
lock, answer a recorded idempotency key, read the stream's version and the head, check the
expected version, seal at ``head + 1`` and insert, record the key, ``NOTIFY`` on ``p_channel``
(none when it is NULL: ``?notify=off``); both return one row: the outcome, the stream, its
version, the first and last positions, and the hashes sealed.
One record is the common case (a command's append) and its path skips building, sending and
unpacking arrays: about 130 us less a call on the machine of ``benchmarks/README.md``.

The canonical text hashed is :func:`~hom_core.chain.link`'s (see
:mod:`hom_plugins.storage.postgres_append`).
"""

from __future__ import annotations

from string import Template

__all__ = ["APPEND_FUNCTIONS", "APPEND_MANY_CALL", "APPEND_ONE_CALL"]

_LINK = Template(r"""encode(sha256(convert_to(
            head_hash || E'\n[' || (head_position + $i) || ',' || to_json(p_stream)::text || ','
            || (current_version + $i) || ',' || to_json($type)::text || ','
            || $schema_version || ',' || to_json($payload)::text || ','
            || to_json($recorded)::text || ',' || to_json($effective)::text || ','
            || to_json($actor)::text || ',' || to_json($correlation)::text || ','
            || coalesce(to_json($causation)::text, 'null') || ']',
            'UTF8')), 'hex')""")
"""The hash of record ``$i`` of the batch (1-based), chained on ``head_hash``."""

_FUNCTION = Template(r"""
CREATE OR REPLACE FUNCTION {schema}.$name(
    p_lock_key bigint, p_channel text, p_stream text, p_expected bigint, p_key text,
    $records,
    OUT outcome text, OUT out_stream text, OUT out_version bigint, OUT out_first bigint,
    OUT out_last bigint, OUT out_hashes text[]
)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$hom$$
DECLARE
    head_position bigint;
    head_hash text;
    current_version bigint;
    n integer := $count;
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
$seal_and_insert
    outcome := 'appended';
    out_version := current_version + n;
    out_first := head_position + 1;
    out_last := head_position + n;
    IF p_key IS NOT NULL THEN
        INSERT INTO {schema}.idempotency VALUES (p_key, p_stream, out_version, out_first, out_last);
    END IF;
    IF p_channel IS NOT NULL THEN
        PERFORM pg_notify(p_channel, out_last::text);
    END IF;
END
$$hom$$;
""")

_ONE = _FUNCTION.substitute(
    name="hom_append_one",
    records="p_type text, p_schema_version integer, p_payload text, p_recorded text,\n"
    "    p_effective text, p_actor text, p_correlation text, p_causation text",
    count="1",
    seal_and_insert=f"""    head_hash := {_LINK.substitute(i="1", type="p_type",
        schema_version="p_schema_version", payload="p_payload", recorded="p_recorded",
        effective="p_effective", actor="p_actor", correlation="p_correlation",
        causation="p_causation")};
    out_hashes := ARRAY[head_hash];
    INSERT INTO {{schema}}.events VALUES (
        head_position + 1, p_stream, current_version + 1, p_type, p_schema_version, p_payload,
        p_recorded, p_effective, p_actor, p_correlation, p_causation, head_hash);""",
)  # fmt: skip

_MANY = _FUNCTION.substitute(
    name="hom_append_sealed",
    records="p_types text[], p_schema_versions integer[], p_payloads text[], p_recorded text[],\n"
    "    p_effective text[], p_actors text[], p_correlations text[], p_causations text[]",
    count="cardinality(p_types)",
    seal_and_insert=f"""    out_hashes := ARRAY[]::text[];
    FOR i IN 1 .. n LOOP
        head_hash := {_LINK.substitute(i="i", type="p_types[i]",
            schema_version="p_schema_versions[i]", payload="p_payloads[i]",
            recorded="p_recorded[i]", effective="p_effective[i]", actor="p_actors[i]",
            correlation="p_correlations[i]", causation="p_causations[i]")};
        out_hashes[i] := head_hash;
    END LOOP;
    INSERT INTO {{schema}}.events
        SELECT head_position + r.ordinality, p_stream, current_version + r.ordinality,
               r.event_type, r.schema_version, r.payload, r.recorded_at, r.effective_date,
               r.actor, r.correlation_id, r.causation_id, r.hash
        FROM unnest(p_types, p_schema_versions, p_payloads, p_recorded, p_effective, p_actors,
                    p_correlations, p_causations, out_hashes)
             WITH ORDINALITY AS r(event_type, schema_version, payload, recorded_at,
                                  effective_date, actor, correlation_id, causation_id, hash,
                                  ordinality);""",
)  # fmt: skip

APPEND_FUNCTIONS = _ONE + _MANY
"""The ``CREATE OR REPLACE FUNCTION`` of both functions, with ``{schema}`` to fill in."""

_HEAD = "%s, %s, %s, %s::bigint, %s::text"
APPEND_ONE_CALL = (
    f"SELECT * FROM {{schema}}.hom_append_one({_HEAD}, %s, %s::integer, %s, %s, %s, %s, %s, "
    "%s::text)"
)
"""The call of ``hom_append_one``, with ``{schema}`` to fill in."""

_ARRAYS = ", ".join(
    f"%b::{kind}[]" for kind in ("text", "integer", "text", "text", "text", "text", "text", "text")
)  # binary arrays: no escaping on the way, no array literals to parse on the server
APPEND_MANY_CALL = f"SELECT * FROM {{schema}}.hom_append_sealed({_HEAD}, {_ARRAYS})"
"""The call of ``hom_append_sealed``, with ``{schema}`` to fill in."""
