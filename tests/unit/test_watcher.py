"""zwgk serve notices saves by the system's file events, not by reading files, and polls
where those cannot be had."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import watchdog.events
import watchdog.observers
import watchdog.observers.polling

from generator.site.watcher import Watcher


class Seen(watchdog.events.FileSystemEventHandler):
    """Like mkdocs' handler: any event of a file asks for a rebuild."""

    def __init__(self) -> None:
        self.events: list[watchdog.events.FileSystemEvent] = []
        self.any = threading.Event()

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if not event.is_directory:
            self.events.append(event)
            self.any.set()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "policies"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\ntitle: 甲\n---\n正文\n", "utf-8")
    return tmp_path / "content"


def _watching(content: Path, **options: object) -> tuple[Watcher, Seen]:
    watcher, seen = Watcher(**options), Seen()  # type: ignore[arg-type]
    watcher.schedule(seen, str(content), recursive=True)
    watcher.start()
    return watcher, seen


def _stop(watcher: Watcher) -> None:
    watcher.stop()
    watcher.join(10)


def test_a_save_is_noticed_and_reading_is_not(content: Path) -> None:
    watcher, seen = _watching(content)
    try:
        assert not watcher.polling
        assert not isinstance(watcher.active, watchdog.observers.polling.PollingObserver)
        (content / "policies" / "a.md").read_text("utf-8")  # what a build does
        assert not seen.any.wait(1.0), seen.events
        path = content / "policies" / "a.md"
        path.write_text(path.read_text("utf-8") + "新的一段。\n", "utf-8")
        assert seen.any.wait(10)
        assert any(e.src_path.endswith("a.md") for e in seen.events)
    finally:
        _stop(watcher)


def test_a_new_file_in_a_new_folder_is_noticed(content: Path) -> None:
    watcher, seen = _watching(content)
    try:
        (content / "interpretations" / "2026").mkdir(parents=True)
        time.sleep(0.2)  # (the new folder is watched once it is seen)
        (content / "interpretations" / "2026" / "b.md").write_text("新文件\n", "utf-8")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(e.src_path.endswith("b.md") for e in seen.events):
            time.sleep(0.05)
        assert any(e.src_path.endswith("b.md") for e in seen.events)
    finally:
        _stop(watcher)


def test_without_the_systems_events_it_polls(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Limited(watchdog.observers.polling.PollingObserver):
        def start(self) -> None:
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Limited)
    watcher, seen = _watching(content, interval=0.1)
    try:
        assert watcher.polling
        assert type(watcher.active) is watchdog.observers.polling.PollingObserver
        (content / "policies" / "a.md").write_text("改过了\n", "utf-8")
        assert seen.any.wait(10)
    finally:
        _stop(watcher)


def test_polling_when_asked(content: Path) -> None:
    watcher, seen = _watching(content, poll=True, interval=0.1)
    try:
        assert watcher.polling and type(watcher.active) is watchdog.observers.polling.PollingObserver
        (content / "policies" / "a.md").write_text("改过了\n", "utf-8")
        assert seen.any.wait(10)
    finally:
        _stop(watcher)


def test_a_watch_removed_before_the_start_is_not_watched(content: Path) -> None:
    watcher, seen = Watcher(), Seen()
    token = watcher.schedule(seen, str(content), recursive=True)
    watcher.unschedule(token)
    watcher.start()
    try:
        (content / "policies" / "a.md").write_text("改过了\n", "utf-8")
        assert not seen.any.wait(1.0)
    finally:
        _stop(watcher)
