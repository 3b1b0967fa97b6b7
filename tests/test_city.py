"""The city-wide read model in memory: schools reached and money owed across partnerships and
logs, equal to a fold from scratch whatever the batches, interleavings and restarts; a
retraction or correction (R1) takes out the fact it names."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from city_support import Step, append_steps, fold_from_scratch, steps
from cli_support import installed_plugins
from hom_core import EventLog, open_log
from hom_core.application import Partnership
from hom_core.city import (
    FeedReport,
    MemoryCity,
    Retraction,
    catch_up,
    source_name,
    totals_of,
)
from hom_core.domain import (
    CallContributions,
    FinancialYear,
    FormPartnership,
    JoinPartnership,
    Money,
    OrganisationKind,
    RecordPayment,
    SubmitCensus,
    Urn,
)
from hom_core.domain.corrections import CorrectFact, RetractFact
from hom_core.errors import ConcurrencyError, UsageError
from properties import examples


class CrashError(Exception):
    """The process ends here."""


def _logs(count: int) -> list[EventLog]:
    return [open_log("memory://", plugins=installed_plugins()) for _ in range(count)]


@settings(max_examples=examples(60), deadline=None)
@given(
    history=steps(sources=2),
    cuts=st.lists(st.integers(0, 40), max_size=4),
    batch_sizes=st.lists(st.integers(1, 7), min_size=1, max_size=5),
)
def test_the_model_equals_a_fold_from_scratch(
    history: list[Step], cuts: list[int], batch_sizes: list[int]
) -> None:
    """R1: fed while the logs grow (the history cut at random points, each part appended then
    fed with its own batch size), the model holds exactly the facts a fold of the whole logs
    from scratch gives, retracted facts taken out, and so the same figures."""
    logs = _logs(2)
    named = {f"log-{n}": log for n, log in enumerate(logs)}
    model = MemoryCity()
    bounds = [0, *sorted(cuts), len(history)]
    for part, (start, end) in enumerate(itertools.pairwise(bounds)):
        append_steps(logs, history[start:end])
        catch_up(model, named, batch_size=batch_sizes[part % len(batch_sizes)])
    expected = fold_from_scratch(named)
    assert model.facts() == expected
    assert model.totals() == totals_of(expected)
    assert all(model.checkpoint(name) == log.head()[0] for name, log in named.items())


@settings(max_examples=examples(30), deadline=None)
@given(history=steps(sources=1), stop_after=st.integers(0, 10), batch_size=st.integers(1, 5))
def test_a_restart_from_the_checkpoint_gives_the_same_table(
    history: list[Step], stop_after: int, batch_size: int
) -> None:
    """A feed stopped after some batches (its model kept, as a table outlives the process)
    resumes from the checkpoint and ends with the table a rebuild gives: no fact twice, none
    missed."""
    (log,) = _logs(1)
    append_steps([log], history)
    named = {"only": log}
    interrupted = MemoryCity()
    batches = 0

    class StopAfter(MemoryCity):
        def apply(self, *args: object) -> None:
            nonlocal batches
            if batches == stop_after:
                raise CrashError
            batches += 1
            interrupted.apply(*args)  # type: ignore[arg-type]

    with contextlib.suppress(CrashError):
        catch_up(StopAfter(), named, batch_size=batch_size)
    resumed_from = interrupted.checkpoint("only")
    report = catch_up(interrupted, named, batch_size=batch_size)
    rebuilt = MemoryCity()
    catch_up(rebuilt, named)
    assert interrupted.facts() == rebuilt.facts() == fold_from_scratch(named)
    assert report.records == log.head()[0] - resumed_from


def test_a_batch_behind_the_checkpoint_is_refused() -> None:
    """Exactly once: a batch read after a position the checkpoint has moved past (another feed
    took it in) is refused whole, and the feed reads again from the checkpoint."""
    model = MemoryCity()
    model.apply("a", 0, [], 5)
    with pytest.raises(ConcurrencyError):
        model.apply("a", 0, [Retraction("a", 1)], 7)
    assert model.checkpoint("a") == 5


def test_a_feed_that_lost_the_race_reads_again_from_the_checkpoint() -> None:
    """Two feeds on one model: the one whose batch was overtaken reads on from the checkpoint
    the other left, and no fact is taken in twice."""
    (log,) = _logs(1)
    append_steps([log], [(0, 0, "due", n) for n in range(6)])
    model = MemoryCity()

    class Overtaken(MemoryCity):
        def checkpoint(self, source: str) -> int:
            return model.checkpoint(source)

        def apply(self, *args: object) -> None:
            if model.checkpoint("log") == 0:  # the other feed takes everything in first
                catch_up(model, {"log": log})
            model.apply(*args)  # type: ignore[arg-type]

    catch_up(Overtaken(), {"log": log}, batch_size=2)
    assert model.facts() == fold_from_scratch({"log": log})


def _partnership(partnership_id: str = "camden") -> Partnership:
    hom = Partnership(open_log("memory://", plugins=installed_plugins()), partnership_id)
    hom.execute(FormPartnership("Camden", date(2019, 7, 1)))
    for number, member_id in enumerate(("a", "b")):
        hom.execute(
            JoinPartnership(
                member_id,
                member_id.upper(),
                OrganisationKind.PRIMARY,
                head="head",
                chair_of_governors="chair",
                partnership_chair="chair",
                signed_on=date(2019, 7, 10),
                urn=Urn(f"10000{number}"),
            )
        )
        hom.execute(SubmitCensus(member_id, date(2020, 1, 16), 100, 0, date(2020, 1, 16)))
    hom.execute(CallContributions(FinancialYear(2020), date(2020, 4, 1)))
    return hom


def _position(hom: Partnership, event_type: str) -> int:
    return next(r.position for r in hom.log.read_all() if r.event_type == event_type)


def test_figures_of_a_partnership_recorded_through_its_rules() -> None:
    """Two schools called for £2 per FTE pupil (F1) owe £400; a payment of £200 leaves £200;
    each school is reached once."""
    hom = _partnership()
    hom.execute(RecordPayment("a", FinancialYear(2020), Money.pounds(200), date(2020, 4, 20)))
    model = MemoryCity()
    report = catch_up(model, {"camden": hom.log})
    totals = model.totals()
    assert (totals.schools_reached, totals.owed) == (2, Money.pounds(200))
    assert report == FeedReport(hom.log.head()[0], 5, report.seconds)


def test_a_retracted_payment_is_owed_again_and_a_correction_amends_it() -> None:
    """R1: a payment retracted is no longer counted (owed again); a payment corrected counts
    its replacement's amount, whether the model took the original in before or not."""
    hom = _partnership()
    hom.execute(RecordPayment("a", FinancialYear(2020), Money.pounds(20), date(2020, 4, 20)))
    early = MemoryCity()
    catch_up(early, {"camden": hom.log})
    assert early.totals().owed == Money.pounds(380)
    wrong = _position(hom, "hom.contribution_paid")
    replacement = RecordPayment("a", FinancialYear(2020), Money.pounds(200), date(2020, 4, 20))
    hom.execute(CorrectFact(wrong, replacement, "typed £20", "clerk", date(2020, 5, 1)))
    catch_up(early, {"camden": hom.log})
    late = MemoryCity()
    catch_up(late, {"camden": hom.log})
    assert early.totals().owed == late.totals().owed == Money.pounds(200)
    hom.execute(RetractFact(hom.log.head()[0], "never paid", "clerk", date(2020, 5, 2)))
    catch_up(early, {"camden": hom.log})
    assert early.totals().owed == Money.pounds(400)


def test_a_school_in_two_partnerships_counts_once_across_the_city() -> None:
    """Schools are counted by URN across partnerships: one school in two partnerships is one
    school reached by the city, and one by each partnership."""
    first, second = _partnership("camden"), _partnership("islington")
    model = MemoryCity()
    catch_up(model, {"first": first.log, "second": second.log})
    totals = model.totals()
    assert totals.schools_reached == 2
    assert totals.owed == Money.pounds(800)
    assert {name: each.schools for name, each in totals.partnerships.items()} == {
        "camden": 2,
        "islington": 2,
    }


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(UsageError, match="at least one record"):
        catch_up(MemoryCity(), {}, batch_size=0)


def test_a_source_is_named_by_its_url_without_its_password() -> None:
    assert source_name("postgresql://hom:s3cret@db/city?schema=a") == (
        "postgresql://hom:***@db/city?schema=a"
    )
    assert source_name("postgresql://db/city?password=s3cret&schema=a") == (
        "postgresql://db/city?password=***&schema=a"
    )
    assert source_name("sqlite:///hom.sqlite3") == "sqlite:///hom.sqlite3"
