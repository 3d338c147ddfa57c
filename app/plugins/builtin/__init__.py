"""The app's own features that come in through the plugin hooks, as Datasette registers its own facets: always
loaded, no approval needed (they are part of the app), and their routes keep their usual URLs."""

from __future__ import annotations

from types import ModuleType

from app.plugins.builtin import inks

BUILTINS: tuple[ModuleType, ...] = (inks,)
