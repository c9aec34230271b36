"""What ``zwgk serve`` notices saves with: the system's file events where it gives them.

mkdocs' preview polls every watched file twice a second. In a county's content (tens of
thousands of files) that alone kept half a core busy while the preview sat idle, and a save
was noticed up to a second late, with the rebuild sharing the machine with the poller.
:class:`Watcher` stands in for mkdocs' observer: it asks the system (inotify, FSEvents,
ReadDirectoryChangesW) and polls only where that cannot be had (a system's limit on watches)
or where it was asked to (``zwgk serve --poll``: shared folders of virtual machines and network
drives, where the system's events do not arrive).
"""

from __future__ import annotations

import itertools
import logging
import warnings
from typing import Any

import watchdog.events
import watchdog.observers
import watchdog.observers.polling

log = logging.getLogger("mkdocs.plugins.zwgk")

# what reading a file gives (the build reads the content): not a change
READS = frozenset({watchdog.events.EVENT_TYPE_OPENED, watchdog.events.EVENT_TYPE_CLOSED_NO_WRITE})


class Changes(watchdog.events.FileSystemEventHandler):
    """Passes on the events of a change, not those of a file being read."""

    def __init__(self, inner: watchdog.events.FileSystemEventHandler) -> None:
        self.inner = inner

    def dispatch(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.event_type not in READS:
            self.inner.dispatch(event)


class Watcher:
    """The observer's part of watchdog's interface that mkdocs' LiveReloadServer uses:
    schedule, unschedule, start, stop and join."""

    def __init__(self, *, poll: bool = False, interval: float = 0.5) -> None:
        self.poll, self.interval = poll, interval
        self.watches: dict[int, tuple[watchdog.events.FileSystemEventHandler, str, bool]] = {}
        self.scheduled: dict[int, Any] = {}  # token → the running observer's watch
        self.active: Any = None
        self.polling = poll
        self._tokens = itertools.count()

    def schedule(
        self, handler: watchdog.events.FileSystemEventHandler, path: str, recursive: bool = False
    ) -> int:
        token = next(self._tokens)
        self.watches[token] = (handler, path, recursive)
        if self.active is not None:
            self.scheduled[token] = self.active.schedule(Changes(handler), path, recursive=recursive)
        return token

    def unschedule(self, token: int) -> None:
        self.watches.pop(token, None)
        watch = self.scheduled.pop(token, None)
        if watch is not None and self.active is not None:
            self.active.unschedule(watch)

    def start(self) -> None:
        """Start watching (again: nothing; the preview starts it before its first build)."""
        if self.active is not None:
            return
        # watchdog's inotify says so when folders are made in quick succession (mkdir -p): the
        # folder is watched all the same, and a clerk's console is not the place for it
        warnings.filterwarnings(
            "ignore", message="Callback with id .* already exists", category=RuntimeWarning
        )
        if not self.poll:
            try:
                self._start(watchdog.observers.Observer())
                return
            except OSError as exc:  # e.g. inotify's limit on watches
                log.warning(f"无法使用系统的文件改动通知（{exc}），改为定时检查文件。")
        self.polling = True
        self._start(watchdog.observers.polling.PollingObserver(timeout=self.interval))

    def _start(self, observer: Any) -> None:
        scheduled = {
            token: observer.schedule(Changes(handler), path, recursive=recursive)
            for token, (handler, path, recursive) in self.watches.items()
        }
        try:
            observer.start()
        except BaseException:
            observer.stop()  # (the emitters already started)
            raise
        self.active, self.scheduled = observer, scheduled

    def stop(self) -> None:
        if self.active is not None:
            self.active.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.active is not None and self.active.is_alive():
            self.active.join(timeout)
