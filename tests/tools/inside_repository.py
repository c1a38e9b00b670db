"""Tests read only what the repository carries: a file opened in a folder beside the repository (a folder of
seeds that exists on the project's machines and nowhere else) fails the test that opened it.

An audit hook sees every `open()` in the process, so the rule holds for code the tests call too. Only what
stood beside the repository when the tests started is watched (a clone may sit in the temporary folder
itself, where the tests then make their own files beside it); the interpreter, its libraries and pytest's
temporary folders may live anywhere."""
from __future__ import annotations

import os
import sys
import sysconfig
import tempfile
from pathlib import Path


class ReadOutsideRepository(PermissionError):
    """A test opened a file beside the repository instead of one the repository carries."""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _allowed_roots(repo: Path) -> list[str]:
    roots = {str(repo), tempfile.gettempdir(), sys.prefix, sys.base_prefix, sys.exec_prefix}
    roots.update(p for p in sysconfig.get_paths().values() if p)
    roots.update(p for p in sys.path if p and os.path.isabs(p))
    watched = os.path.realpath(repo.parent)
    # A root that holds the watched folder (the file system's root, the home folder) would allow everything.
    return sorted({real for r in roots if not _inside(watched, real := os.path.realpath(r))})


def _siblings(repo: Path) -> list[str]:
    """What stood beside the repository at the start, but pytest's own temporary folders."""
    try:
        names = os.listdir(repo.parent)
    except OSError:
        return []
    return sorted(os.path.join(os.path.realpath(repo.parent), name) for name in names
                  if name != repo.name and not name.startswith("pytest-of-"))


def guard_reads(repo: Path) -> None:
    repo = repo.resolve()
    watched = os.path.realpath(repo.parent)
    allowed = _allowed_roots(repo)
    siblings = _siblings(repo)
    in_temp = _inside(watched, os.path.realpath(tempfile.gettempdir()))

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        raw = os.fsdecode(args[0])
        if not os.path.isabs(raw):
            raw = os.path.join(os.getcwd(), raw)
        path = os.path.normpath(raw)
        if not _inside(path, watched) or any(_inside(path, root) for root in allowed):
            return
        if in_temp and not any(_inside(path, s) for s in siblings):
            return   # a clone in the temporary folder: the tests' own temporary files stand beside it
        # realpath only now: it costs a system call, and almost every open is decided above.
        real = os.path.realpath(path)
        if any(_inside(real, root) for root in allowed):
            return
        raise ReadOutsideRepository(f"a test opened {path}, outside the repository {repo}; "
                                    "put what the test needs into tests/data/")

    sys.addaudithook(hook)
