CREATE OR REPLACE FUNCTION {schema}.hom_append(
    p_lock_key bigint, p_channel text, p_stream text, p_expected bigint, p_key text,
    p_types text[], p_schema_versions integer[], p_payloads text[], p_recorded text[],
    p_effective text[], p_actors text[], p_correlations text[], p_causations text[],
    OUT outcome text, OUT out_stream text, OUT out_version bigint, OUT out_first bigint,
    OUT out_last bigint
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
    INSERT INTO {schema}.events
        SELECT head_position + r.ordinality, p_stream, current_version + r.ordinality,
               r.event_type, r.schema_version, r.payload, r.recorded_at, r.effective_date,
               r.actor, r.correlation_id, r.causation_id, r.hash
        FROM unnest(p_types, p_schema_versions, p_payloads, p_recorded, p_effective, p_actors,
                    p_correlations, p_causations, hashes)
             WITH ORDINALITY AS r(event_type, schema_version, payload, recorded_at,
                                  effective_date, actor, correlation_id, causation_id, hash,
                                  ordinality);
    outcome := 'appended';
    out_version := current_version + n;
    out_first := head_position + 1;
    out_last := head_position + n;
    IF p_key IS NOT NULL THEN
        INSERT INTO {schema}.idempotency VALUES (p_key, p_stream, out_version, out_first, out_last);
    END IF;
    PERFORM pg_notify(p_channel, out_last::text);
END
$hom$
