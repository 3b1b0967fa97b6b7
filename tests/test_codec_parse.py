"""Reading a stored payload: msgspec when installed, the C scanner otherwise, the same value."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from hom_core import codec
from hom_core.codec import parse_payload
from properties import examples

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

# what msgspec refuses and json reads: it must still read as json reads it
EDGE_CASES = [
    '{"n":NaN}',
    '{"n":-Infinity}',
    '{"n":1E400}',
    '{"s":"\\ud800"}',
    '{"n":123456789012345678901234567890}',
    '{"a":1,"a":2}',
    '{"a":[]}',
]


def same(left: Any, right: Any) -> bool:
    """Equal, with NaN equal to itself and floats told from ints."""
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    return bool(left == right)


@pytest.fixture(params=["fast", "scanner"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both paths: msgspec (when installed) and the C scanner alone."""
    if request.param == "scanner":
        monkeypatch.setattr(codec, "_fast_decode", None)
    elif codec._fast_decode is None:
        pytest.skip("msgspec is not installed")
    return str(request.param)


@settings(max_examples=examples(200))
@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=6))
def test_a_payload_reads_as_json_reads_it(payload: dict[str, Any]) -> None:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    assert same(parse_payload(text), json.loads(text))
    if codec._fast_decode is not None:
        assert same(codec._scanned(text), json.loads(text))


@pytest.mark.parametrize("text", EDGE_CASES)
def test_what_msgspec_refuses_reads_as_json_reads_it(decoder: str, text: str) -> None:
    assert same(parse_payload(text), json.loads(text))


@pytest.mark.parametrize("text", ['{"a":1}x', ' {"a":1}', '{"a":1} ', "{", "", '{"a":}'])
def test_what_is_not_one_compact_json_value_is_refused_on_both_paths(
    decoder: str, text: str
) -> None:
    with pytest.raises(ValueError, match=r"JSON value|Expecting|character"):
        parse_payload(text)
