"""The builtin plugins of hom, declared in the ``hom`` entry-point group like any third party's.

Storage backends: ``memory`` (``memory://``), ``sqlite`` (``sqlite://``, the embedded default,
with :mod:`~hom_plugins.sqlite_people` beside it), ``jsonl`` (``jsonl://``) and ``postgres``
(``postgresql://``, whose :mod:`~hom_plugins.postgres` module is imported only when such a URL
is opened). Domain: ``partnership`` (the rules of :mod:`hom_core.domain`).
"""
