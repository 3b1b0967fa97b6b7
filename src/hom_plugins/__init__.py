"""The builtin plugins of hom, declared in the ``hom`` entry-point group like any third party's.

Each module is one plugin: ``hom_plugins.memory`` (``memory://``) and ``hom_plugins.sqlite``
(``sqlite://``, the embedded default).
"""
