"""Storage backends: where a log (and the people store beside it) is kept, one per URL scheme.

``memory://`` (:mod:`.memory`), ``sqlite:///`` (:mod:`.sqlite`, the default), ``jsonl:///``
(:mod:`.jsonl`) and ``postgresql://`` (:mod:`.postgres_plugin`, which imports psycopg only when
a PostgreSQL log is opened). None imports a domain module.
"""
