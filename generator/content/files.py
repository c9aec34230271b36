"""Writing a file so that a reader never sees half of it, and nothing is lost on a crash.

The text goes to a temporary file beside the target, is flushed to disk, gets the target's
mode (or the mode a new file would get), and only then takes the target's name. ``zwgk fmt``
replaces the file it formats; ``zwgk import`` never replaces a file unless told to (--force).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file under the current umask (not mkstemp's 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(target: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically, keeping an existing file's mode.

    Without ``overwrite`` an existing file is never replaced: :class:`FileExistsError`, with no
    check-then-write race (the name is taken with a hard link where the file system has them).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".zwgk-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else new_file_mode())
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target exists
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if target.exists():
                    raise FileExistsError(str(target)) from None
                os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
