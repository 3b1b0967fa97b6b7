"""The builtin plugins of hom, declared in the ``hom`` entry-point group like any third party's.

Grouped by kind: :mod:`hom_plugins.storage` (``memory://``, ``sqlite://``, the embedded
default, with the people store beside it, ``jsonl://`` and ``postgresql://``, whose backend is
imported only when such a URL is opened), :mod:`hom_plugins.exporters` (CSV, iCalendar, JSON,
the governors' report), :mod:`hom_plugins.notifiers` (email, webhook) and
:mod:`hom_plugins.packs` (``partnership``, the rules of :mod:`hom_core.domain`, and the domain
packs). The entry-point names are the plugins' names: ``sqlite``, ``csv``, ``email``, ...
"""
