"""Reading JSON strictly and writing files atomically.

Python's ``json`` is lenient where an archive format must not be: it accepts
``NaN`` and ``Infinity`` (not JSON), turns ``1e400`` into ``inf``, and keeps the
*last* of duplicate keys, so ``{"review_state": "approved", "review_state":
"dismissed"}`` silently means dismissed. :func:`parse_json` refuses all of that,
and turns deep nesting and huge integers into one clear error instead of a
``RecursionError`` or ``ValueError``. :func:`read_json_file` checks the size
before it reads a byte of content.

:func:`atomic_output` writes through a temporary file in the destination folder
and ``os.replace``-s it into place only when the writer finished without error,
so a reader never sees half a file and a failed export leaves nothing behind
(and a killed one's temporary file is removed by the next write). It refuses
to follow a symlink or write into a FIFO or device unless forced, and a
replaced file keeps its permissions.
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from factcheck.errors import InputError, OutputError

MEGABYTE = 1_000_000
DEFAULT_MAX_BYTES = 50 * MEGABYTE
"""Largest file :func:`read_json_file` parses unless told otherwise (50 MB)."""

MAX_DEPTH = 64
"""Deepest nesting accepted; claim-set documents need 6 levels."""


def _reject_constant(name: str) -> Any:
    raise InputError(f"{name} is not valid JSON (numbers must be finite)")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise InputError(f"number {text[:40]} is too large (not a finite float)")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(f"duplicate key {key!r} in one JSON object")
        result[key] = value
    return result


def parse_json(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``text`` as strict JSON, or raise :class:`InputError` saying why."""
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"JSON nested too deeply (more than {max_depth} levels)") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise InputError("JSON holds an integer with more than 4300 digits") from None
        raise InputError(f"not valid JSON: {exc}") from None
    depth = nesting_depth(value)
    if depth > max_depth:
        raise InputError(f"JSON nested too deeply ({depth} levels, at most {max_depth})")
    return value


def nesting_depth(value: Any) -> int:
    """How many arrays/objects deep ``value`` goes (a scalar is 0), iteratively."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children if isinstance(child, dict | list))
    return deepest


def _size_error(path: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{path} is {size / MEGABYTE:.1f} MB, over the {max_bytes / MEGABYTE:g} MB limit; "
        f"pass --max-size {math.ceil(size / MEGABYTE)} to read it anyway"
    )


def read_limited(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path`` (``-`` for stdin), refusing files over ``max_bytes``.

    A regular file's size is checked with ``stat`` before anything is read; a
    pipe is read at most ``max_bytes + 1`` bytes, never to its end.
    """
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"standard input is over the {max_bytes / MEGABYTE:g} MB limit")
        return data
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise _size_error(name, info.st_size, max_bytes)
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(f"{name} is a folder, not a JSON file") from None
    except FileNotFoundError:
        raise InputError(f"{name} does not exist") from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise _size_error(name, len(data), max_bytes)
    return data


def read_json_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Read and strictly parse a JSON file no larger than ``max_bytes``."""
    data = read_limited(path, max_bytes=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (bad byte at offset {exc.start})") from None
    try:
        return parse_json(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def canonical_json(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as deterministic JSON: sorted keys, UTF-8 kept readable.

    Written by orjson (20x faster than ``json`` with an indent, which falls
    back to pure Python). The text equals ``json.dumps(value, indent=2,
    sort_keys=True, ensure_ascii=False)`` (or compact with ``(",", ":")``
    separators when ``indent`` is None) except that floats below 1e-4 are
    written without an exponent (``0.00001``, not ``1e-05``).
    """
    import orjson

    option = orjson.OPT_SORT_KEYS | (orjson.OPT_INDENT_2 if indent is not None else 0)
    if indent not in (None, 2):
        raise ValueError("canonical JSON is indented by 2 spaces or not at all")
    return orjson.dumps(value, option=option).decode("utf-8")


@dataclass(frozen=True)
class OutputTarget:
    """Where an output file goes, as checked before anything is written."""

    path: Path
    """The file to write (a symlink given with ``force`` is followed)."""
    direct: bool = False
    """Write into ``path`` itself: a FIFO or device given with ``force``."""
    mode: int | None = None
    """Permission bits of the regular file being replaced, kept on the new one."""


def _kind(info: os.stat_result) -> str:
    if stat.S_ISFIFO(info.st_mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "a device"
    if stat.S_ISSOCK(info.st_mode):
        return "a socket"
    return "not a regular file"


def resolve_output(path: str | Path, *, force: bool) -> OutputTarget:
    """Check what is at ``path`` and decide how to write it.

    Nothing there: a new file. A regular file, a symlink, a FIFO or a device
    is refused unless ``force``: with it a regular file is replaced (keeping its
    permissions), a symlink is followed to the file it names, and a FIFO or
    device is written into directly. A folder is always refused.
    """
    given = Path(path).expanduser()
    try:
        link = given.is_symlink()
        if link and not force:
            raise OutputError(
                f"{path} is a symbolic link; pass --force to write to the file it points to"
            )
        target = given.resolve() if link else given.absolute()
        info = os.stat(target) if target.exists() else None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder; give a file name with -o")
    if not target.parent.is_dir():
        raise OutputError(f"folder {target.parent} does not exist; create it first")
    if info is None:
        return OutputTarget(target)
    if not stat.S_ISREG(info.st_mode):
        if not force:
            raise OutputError(f"{path} is {_kind(info)}; pass --force to write into it anyway")
        return OutputTarget(target, direct=True)
    if not force:
        raise OutputError(f"{path} already exists; pass --force to overwrite it")
    return OutputTarget(target, mode=stat.S_IMODE(info.st_mode))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


TEMP_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 3600
"""A temporary file without a recorded process id is stale after an hour."""


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def clean_stale_temporaries(target: Path) -> int:
    """Remove temporary files that killed writes of ``target`` left behind; how many.

    A temporary file's name records the writing process's id: one whose
    process is gone is stale (a live one is another write in progress). Names
    without an id (older versions) count as stale after an hour.
    """
    import re

    prefix = _temp_prefix(target)
    pattern = re.compile(re.escape(prefix) + r"(?:(\d+)-)?[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
    removed = 0
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        if not _is_stale(entry, match.group(1)):
            continue
        try:
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def _is_stale(entry: os.DirEntry[str], pid_text: str | None) -> bool:
    import time

    if pid_text is None:
        try:
            return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
        except OSError:
            return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False  # alive under another user, or unknowable: leave it
    return False


def _write_error(path: str | Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


@contextmanager
def atomic_output(path: str | Path, *, force: bool = False) -> Iterator[IO[str]]:
    """A text file that appears at ``path`` only if the ``with`` block succeeds.

    The temporary file lives in the same folder (so ``os.replace`` is atomic),
    is flushed and fsynced before the rename, and is removed on any error;
    ones left by killed writes are removed first. A replaced file keeps its
    permissions. Any failure to write (a full disk included) is an
    :class:`OutputError` naming the file. A FIFO or device given with
    ``force`` is written into directly, and cannot be atomic.
    """
    target = resolve_output(path, force=force)
    if target.direct:
        with _direct_output(path, target.path) as handle:
            yield handle
        return
    clean_stale_temporaries(target.path)
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f"{_temp_prefix(target.path)}{os.getpid()}-",
            suffix=TEMP_SUFFIX,
            dir=target.path.parent,
        )
    except OSError as exc:
        raise OutputError(f"cannot write in {target.path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.mode if target.mode is not None else 0o666 & ~_current_umask()
        os.chmod(temp_name, mode)
        if target.mode is None and os.path.lexists(target.path) and not force:
            raise OutputError(f"{path} appeared while writing; pass --force to overwrite it")
        os.replace(temp_name, target.path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise _write_error(path, exc) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


@contextmanager
def _direct_output(path: str | Path, target: Path) -> Iterator[IO[str]]:
    try:
        handle = open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with handle:
            yield handle
    except OSError as exc:
        raise _write_error(path, exc) from None


@contextmanager
def spooled_stdout() -> Iterator[IO[str]]:
    """Like :func:`atomic_output` for standard output: nothing is printed unless
    the block succeeds, and memory stays flat (the text is spooled to a temp file)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as handle:
        yield handle
        handle.seek(0)
        out = sys.stdout
        while chunk := handle.read(1 << 20):
            out.write(chunk)
        out.flush()
