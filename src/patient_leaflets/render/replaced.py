"""The functions of WeasyPrint's that this package replaces, and how.

WeasyPrint 70 (pinned in scripts/constraints.txt) has no hooks for what
``tagging``, ``columns`` and ``rtl`` change, so each puts a function of its
own where WeasyPrint looks one up. A ``Replacement`` keeps WeasyPrint's own
(``stock``: ours hands it what it does not handle itself) and swaps the two;
installing twice is installing once.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any


class Replacement:
    """``module.name`` replaced by ``ours`` while installed."""

    def __init__(self, module: ModuleType, name: str, ours: Callable[..., Any]):
        self.module, self.name, self.ours = module, name, ours
        self.stock: Callable[..., Any] = getattr(module, name)

    def install(self) -> None:
        setattr(self.module, self.name, self.ours)

    def uninstall(self) -> None:
        """Give WeasyPrint its own back (tests compare the two)."""
        setattr(self.module, self.name, self.stock)
