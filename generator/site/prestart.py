"""``zwgk build``'s first step, before it loads mkdocs and the rest of zwgk: the search part of
a page whose body alone changed, begun at once (search_early.begin_early).

Loading mkdocs, its theme and zwgk's models takes a build's first half second, and the search
part is what an incremental build of such a change waits for at its end. So the command reads
the few settings the part depends on from mkdocs.yml itself (the site's folder, the content's,
whether the site is searched), begins the part, and hands it to the plugin, which takes it
only where its own settings name the same folders (:func:`take`); otherwise, and whenever the
configuration is one this reading does not follow (``INHERIT``, settings it cannot read), the
plugin begins it as before, and what was begun here is stopped and removed (:func:`close`).
Nothing here can fail a build: a problem means nothing is begun.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from generator.content.cachefiles import cache_dir_for
from generator.site import buildstate, search_early

# what was begun, and for which build: (content, check cache, manifest, the site's parent folder)
_BEGUN: tuple[tuple[Path, Path, Path, Path], search_early.Ahead] | None = None


def begin(config_file: Path, site_dir: Path | None) -> None:
    """Begin the search part for a build of ``config_file`` into ``site_dir`` (else the
    configuration's), where the settings can be read and there is something to begin."""
    global _BEGUN
    close()
    with contextlib.suppress(Exception):  # (whatever it is, the plugin meets it and says it)
        settings = _settings(config_file)
        if settings is None:
            return
        content_dir, configured = settings
        target = Path(site_dir).resolve() if site_dir else configured
        if not target.is_dir():
            return
        cache = cache_dir_for(content_dir)
        manifest = buildstate.manifest_file(cache, target)
        previous = buildstate.Previous(target, buildstate.Manifest.read(manifest))
        ahead = search_early.begin_early(content_dir, cache, previous, manifest, target.parent)
        if ahead.holds:
            _BEGUN = ((content_dir, cache, manifest, target.parent), ahead)


def take(content_dir: Path, cache: Path, manifest: Path | None, near: Path) -> search_early.Ahead | None:
    """What :func:`begin` began, where it was begun for these folders (the plugin's own
    reading of the configuration); else None, and what was begun is closed."""
    global _BEGUN
    begun, _BEGUN = _BEGUN, None
    if begun is None:
        return None
    if manifest is not None and begun[0] == (content_dir, cache, manifest, near):
        return begun[1]
    begun[1].close()
    return None


def close() -> None:
    """Stop and remove what was begun and not taken (after the build, however it ended)."""
    global _BEGUN
    begun, _BEGUN = _BEGUN, None
    if begun is not None:
        begun[1].close()


def _settings(config_file: Path) -> tuple[Path, Path] | None:
    """The content folder and the site folder that mkdocs.yml names, as mkdocs and the plugin
    resolve them; None where the site is not searched or the file is one this does not read."""
    import yaml

    class Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
        pass

    # (!ENV, !!python/name and the like: a value this reading does not need, or cannot trust)
    Loader.add_multi_constructor("", lambda _loader, _suffix, _node: _Unread())
    with open(config_file, "rb") as fh:
        config = yaml.load(fh, Loader=Loader)
    if not isinstance(config, dict) or "INHERIT" in config:
        return None
    options = _plugin_options(config.get("plugins"))
    if options is None:
        return None
    content, searched = options.get("content_dir", "content"), options.get("search", True)
    site = config.get("site_dir", "site")
    if not (isinstance(content, str) and isinstance(site, str) and searched is True):
        return None
    base = Path(config_file).absolute().parent
    return (base / content).resolve(), (base / site).resolve()


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    """The zwgk plugin's options in mkdocs.yml's ``plugins`` (a list or a mapping)."""
    entries: list[tuple[Any, Any]] = list(plugins.items()) if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        entries = [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, {}) for p in plugins]
    for name, options in entries:
        if name == "zwgk":
            options = {} if options is None else options
            return options if isinstance(options, dict) else None
    return None


class _Unread:
    """A tagged value, which no setting read here may be."""
