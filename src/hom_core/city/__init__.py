"""The city-wide read model: schools reached and money owed across every partnership.

A city keeps many partnerships, in one shared log or in many logs (one per PostgreSQL schema,
say). The read model takes the facts that count (schools joining, contributions called,
adjusted and paid) from every source log in position order, from a checkpoint per source, into
a table: in memory (:class:`MemoryCity`) or in PostgreSQL
(:class:`~hom_core.city.postgres.PostgresCity`, which needs the ``postgres`` extra), the
checkpoint written with the rows. A retraction or correction (R1) takes out the fact it names::

    from hom_core.city import MemoryCity, catch_up_urls

    model = MemoryCity()
    report = catch_up_urls(model, ["postgresql://hom@db/city?schema=camden"])
    print(model.totals().schools_reached, model.totals().owed, report.rate)

``hom city`` does the same from a terminal.
"""

from hom_core.city.facts import Change, Fact, FactKind, Reader, Retraction, school_identity
from hom_core.city.feed import (
    BATCH_SIZE,
    FeedReport,
    catch_up,
    catch_up_urls,
    follow,
    source_name,
)
from hom_core.city.model import (
    CityModel,
    CityTotals,
    MemoryCity,
    PartnershipTotals,
    totals_of,
)

__all__ = [
    "BATCH_SIZE",
    "Change",
    "CityModel",
    "CityTotals",
    "Fact",
    "FactKind",
    "FeedReport",
    "MemoryCity",
    "PartnershipTotals",
    "Reader",
    "Retraction",
    "catch_up",
    "catch_up_urls",
    "follow",
    "school_identity",
    "source_name",
    "totals_of",
]
