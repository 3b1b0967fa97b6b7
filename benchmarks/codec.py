"""Choose the JSON library by measurement: the standard library, orjson and msgspec, side by side.

    python benchmarks/codec.py [--events 5000] [--rounds 7] [--json codec.json]

The payloads are the codec's own text for the census events of ``bench.py`` and for a synthetic
partnership history (``outputs.py``: memberships, meetings, censuses, contributions, payments).
Each round times every candidate once over all payloads, the candidates taking turns (interleaved
on a shared machine); the figures are the medians of the rounds, in microseconds per payload.

- **decode**: ``json.loads``; the C scanner hom called before (``JSONDecoder.scan_once``);
  ``orjson.loads``; msgspec's ``Decoder.decode``; and hom's ``parse_payload`` (msgspec when
  installed, the scanner deciding what msgspec refuses);
- **encode**: ``json.dumps`` (compact, non-ASCII kept); hom's prebuilt C encoder (``compact``);
  ``orjson.dumps`` and msgspec's ``Encoder.encode``, each with ``.decode()`` to the ``str`` the
  store and the hash take;
- **decode_event**: the codec's whole decoding of a payload to its event (parsing + cattrs),
  with the scanner and with ``parse_payload``: what the choice is worth on the read path.

Exactness is checked before timing: which libraries read every payload and a list of edge cases
(``NaN``, ``1e400``, a lone surrogate escape, an integer beyond 64 bits) as ``json`` does, and
which write every payload byte for byte as hom's encoder does (the hash chain covers that text).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from domain import CENSUS, census
from hom_core import codec, open_log
from hom_core.jsontext import compact
from outputs import synthetic_history

EDGE_CASES = (
    '{"n":NaN}',
    '{"n":1E400}',
    '{"s":"\\ud800"}',
    '{"n":123456789012345678901234567890}',
    '{"n":18446744073709551616}',
    '{"a":1,"a":2}',
    '{"n":1e16}',
)
"""Texts ``json`` reads that a faster library may read otherwise (or refuse)."""


def payloads(events: int) -> list[tuple[str, int, str]]:
    """``(type, schema version, payload)`` of ``events`` synthetic events and as many censuses."""
    with open_log("memory://", event_types=[CENSUS]) as log:
        history, _, _ = synthetic_history(events)
        stored = [log.codec.encode(pending.event) for pending in history[:events]]
        stored += [log.codec.encode(census(index % 100, index)) for index in range(1, events + 1)]
    return stored


def candidates() -> tuple[dict[str, Callable[[str], Any]], dict[str, Callable[[Any], str]]]:
    """The decoders and encoders installed here, by name."""
    scan = json.JSONDecoder().scan_once
    decoders: dict[str, Callable[[str], Any]] = {
        "json.loads": json.loads,
        "scanner": lambda text: scan(text, 0)[0],
        "hom.parse_payload": codec.parse_payload,
    }
    encoders: dict[str, Callable[[Any], str]] = {
        "json.dumps": lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":")),
        "hom.compact": compact,
    }
    try:
        import orjson
    except ImportError:
        print("orjson is not installed: pip install orjson", file=sys.stderr)
    else:
        decoders["orjson"] = orjson.loads
        encoders["orjson"] = lambda value: orjson.dumps(value).decode()
    try:
        import msgspec
    except ImportError:
        print("msgspec is not installed: pip install msgspec", file=sys.stderr)
    else:
        decoders["msgspec"] = msgspec.json.Decoder().decode
        encoder = msgspec.json.Encoder()
        encoders["msgspec"] = lambda value: encoder.encode(value).decode()
    return decoders, encoders


def reads_as_json(decode: Callable[[str], Any], text: str) -> bool:
    try:
        return repr(decode(text)) == repr(json.loads(text))
    except ValueError:
        return False


def writes_as_hom(encode: Callable[[Any], str], value: Any) -> bool:
    try:
        return encode(value) == compact(value)
    except (TypeError, ValueError, OverflowError):
        return False


def exactness(
    texts: list[str], decoders: dict[str, Callable[[str], Any]], encoders: dict[str, Any]
) -> dict[str, Any]:
    """Which candidates read and write hom's payloads (and the edge cases) as hom's path does."""
    values = [json.loads(text) for text in texts]
    edge_values = [
        json.loads(text) for text in EDGE_CASES if "NaN" not in text and "E400" not in text
    ]
    return {
        "decode_payloads_same": {
            name: all(reads_as_json(decode, text) for text in texts)
            for name, decode in decoders.items()
        },
        "decode_edge_cases_differing": {
            name: [text for text in EDGE_CASES if not reads_as_json(decode, text)]
            for name, decode in decoders.items()
        },
        "encode_payloads_same": {
            name: all(writes_as_hom(encode, value) for value in values)
            for name, encode in encoders.items()
        },
        "encode_edge_cases_differing": {
            name: [compact(value) for value in edge_values if not writes_as_hom(encode, value)]
            for name, encode in encoders.items()
        },
    }


def per_payload(action: Callable[[Any], object], items: list[Any]) -> float:
    """Microseconds per item of ``action`` over ``items``."""
    gc.collect()
    start = time.perf_counter()
    for item in items:
        action(item)
    return (time.perf_counter() - start) / len(items) * 1e6


def measure(events: int, rounds: int) -> dict[str, Any]:
    stored = payloads(events)
    texts = [payload for _, _, payload in stored]
    values = [json.loads(text) for text in texts]
    decoders, encoders = candidates()
    exact = exactness(texts, decoders, encoders)
    log = open_log("memory://", event_types=[CENSUS])
    decode_event = log.codec.decode_event

    def whole(parse: Callable[[str], Any] | None) -> Callable[[tuple[str, int, str]], object]:
        def run(item: tuple[str, int, str]) -> object:
            return decode_event(*item)

        def timed(_: object) -> object:
            saved = codec._fast_decode
            codec._fast_decode = parse
            try:
                return [run(item) for item in stored]
            finally:
                codec._fast_decode = saved

        return timed

    runs: dict[str, tuple[Callable[[Any], object], list[Any]]] = {}
    runs |= {f"decode.{name}": (decode, texts) for name, decode in decoders.items()}
    runs |= {f"encode.{name}": (encode, values) for name, encode in encoders.items()}
    runs["decode_event.scanner"] = (whole(None), [None])
    runs["decode_event.hom"] = (whole(codec._fast_decode), [None])
    timings: dict[str, list[float]] = {key: [] for key in runs}
    for number in range(rounds):
        for key, (action, items) in runs.items():
            seconds = per_payload(action, items)
            if key.startswith("decode_event."):
                seconds /= len(stored)
            timings[key].append(seconds)
        print(f"round {number + 1}/{rounds} done", flush=True)
    medians = {key: statistics.median(values) for key, values in timings.items()}

    def ratio(faster: str, slower: str) -> float | None:
        if faster not in medians or slower not in medians:
            return None
        return medians[slower] / medians[faster]

    return {
        "payloads": len(texts),
        "average_bytes": sum(map(len, texts)) / len(texts),
        "rounds": rounds,
        "us_per_payload_median": medians,
        "us_per_payload_rounds": timings,
        "exactness": exact,
        "ratios": {  # speed-ups: how many times faster than the path hom had
            "decode_msgspec_vs_scanner": ratio("decode.msgspec", "decode.scanner"),
            "decode_orjson_vs_scanner": ratio("decode.orjson", "decode.scanner"),
            "decode_parse_payload_vs_scanner": ratio("decode.hom.parse_payload", "decode.scanner"),
            "decode_scanner_vs_json_loads": ratio("decode.scanner", "decode.json.loads"),
            "encode_msgspec_vs_compact": ratio("encode.msgspec", "encode.hom.compact"),
            "encode_orjson_vs_compact": ratio("encode.orjson", "encode.hom.compact"),
            "encode_compact_vs_json_dumps": ratio("encode.hom.compact", "encode.json.dumps"),
            "decode_event_hom_vs_scanner": ratio("decode_event.hom", "decode_event.scanner"),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="synthetic events (and censuses)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    result = measure(args.events, args.rounds)
    for key, value in result["us_per_payload_median"].items():
        print(f"{key:<32}{value:>8.3f} us")
    print(json.dumps({"exactness": result["exactness"], "ratios": result["ratios"]}, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
