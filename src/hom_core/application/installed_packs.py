"""The domain packs a log's plugins register, asked of them only when a pack is first used."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hom_core.plugins import Plugins
    from hom_core.registrations import DomainPack

__all__ = ["InstalledPacks"]


class InstalledPacks(Mapping[str, "DomainPack"]):
    """The domain packs of ``plugins`` by name (none without plugins), read through
    :meth:`~hom_core.plugins.Plugins.domain_packs` the first time one is looked up, counted or
    listed: a question that needs no pack (``hom status``) imports none."""

    def __init__(self, plugins: Plugins | None) -> None:
        self._plugins = plugins
        self._packs: Mapping[str, DomainPack] | None = None

    def _loaded(self) -> Mapping[str, DomainPack]:
        if self._packs is None:
            self._packs = {} if self._plugins is None else self._plugins.domain_packs()
        return self._packs

    def __getitem__(self, name: str) -> DomainPack:
        return self._loaded()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __repr__(self) -> str:
        return f"InstalledPacks({dict(self._loaded())!r})"
