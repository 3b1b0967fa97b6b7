"""The builtin plugins of hom, declared in the ``hom`` entry-point group like any third party's.

Grouped by kind: :mod:`hom_plugins.storage` (``memory://``, ``sqlite://``, the embedded
default, with the people store beside it, ``jsonl://`` and ``postgresql://``, whose backend is
imported only when such a URL is opened), :mod:`hom_plugins.exporters` (CSV, iCalendar, JSON,
the governors' report), :mod:`hom_plugins.notifiers` (email, webhook) and
:mod:`hom_plugins.packs` (``partnership``, the rules of :mod:`hom_core.domain`, and the domain
packs). The entry-point names are the plugins' names: ``sqlite``, ``csv``, ``email``, ...
"""

HOM_PLUGIN_HOOKS = {
    "hom_plugins.exporters.csv": ("hom_exporters",),
    "hom_plugins.exporters.ical": ("hom_exporters",),
    "hom_plugins.exporters.json": ("hom_exporters",),
    "hom_plugins.exporters.report": ("hom_exporters",),
    "hom_plugins.notifiers.email": ("hom_notifiers",),
    "hom_plugins.notifiers.webhook": ("hom_notifiers",),
    "hom_plugins.packs.camden": ("hom_domain_packs",),
    "hom_plugins.packs.harmony": ("hom_domain_packs",),
    "hom_plugins.packs.manchester": ("hom_domain_packs",),
    "hom_plugins.packs.partnership": (
        "hom_configure_converter",
        "hom_event_types",
        "hom_report_sections",
    ),
    "hom_plugins.storage.jsonl": ("hom_storage_backends",),
    "hom_plugins.storage.memory": ("hom_storage_backends",),
    "hom_plugins.storage.postgres_plugin": ("hom_storage_backends",),
    "hom_plugins.storage.sqlite": ("hom_storage_backends",),
}
"""The hooks each builtin plugin implements, so that each is imported only when one of them is
first called (:mod:`hom_core.deferred_plugins`); a test checks them against the modules."""
