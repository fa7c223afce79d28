"""``-o FILE``: what is already at the path is respected, and failures leave nothing.

Symlinks, FIFOs and devices are refused unless ``--force``; a forced file keeps
its permissions; a full disk is one line; temporary files of killed exports
are cleaned by the next one.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factcheck.cli.main import cli
from factcheck.errors import OutputError
from factcheck.exchange.jsonio import atomic_output, clean_stale_temporaries


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A migrated SQLite database holding the sample article."""
    db = f"sqlite:///{tmp_path / 'out.db'}"
    assert CliRunner().invoke(cli, ["--db", db, "demo"]).exit_code == 0
    return db


def export(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "export", "--state", "any", *args])


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_symlink_is_refused_unless_forced(url: str, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    refused = export(url, "-o", str(link))
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        1,
        "",
        f"Error: {link} is a symbolic link; pass --force to write to the file it points to\n",
    )
    assert real.read_text() == "keep me" and link.is_symlink()
    forced = export(url, "-o", str(link), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert link.is_symlink() and json.loads(real.read_text())["claims"]
    assert hidden_files(tmp_path) == []


def test_a_dangling_symlink_is_refused_too(url: str, tmp_path: Path) -> None:
    link = tmp_path / "dangling.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    refused = export(url, "-o", str(link))
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Error: {link} is a symbolic link; pass --force to write to the file it points to\n",
    )
    assert not (tmp_path / "elsewhere.json").exists()


def test_a_fifo_is_refused_unless_forced_then_written_into(url: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused = export(url, "-o", str(fifo))
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Error: {fifo} is a named pipe (FIFO); pass --force to write into it anyway\n",
    )
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    forced = export(url, "-o", str(fifo), "--force")
    reader.join(timeout=30)
    assert forced.exit_code == 0, forced.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert len(json.loads(received[0])["claims"]) == 14
    assert hidden_files(tmp_path) == []


def test_a_device_is_refused_unless_forced(url: str) -> None:
    refused = export(url, "-o", "/dev/null")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: /dev/null is a device; pass --force to write into it anyway\n",
    )
    assert export(url, "-o", "/dev/null", "--force").exit_code == 0


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_a_full_device_is_one_line(url: str) -> None:
    result = export(url, "-o", "/dev/full", "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: cannot write /dev/full: No space left on device\n",
    )


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 kB tmpfs (root only): a real ENOSPC on the temp-file-and-rename path."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_is_one_line_and_leaves_nothing(url: str, tiny_disk: Path) -> None:
    target = tiny_disk / "all.json"
    (tiny_disk / "old.json").write_text("x" * 60_000)  # 4 kB left: less than the export
    result = export(url, "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: cannot write {target}: No space left on device\n",
    )
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["old.json"]


def test_forcing_keeps_the_files_permissions(url: str, tmp_path: Path) -> None:
    target = tmp_path / "private.json"
    target.write_text("{}")
    target.chmod(0o600)
    assert export(url, "-o", str(target), "--force").exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["claims"]


def test_a_new_file_follows_the_umask(url: str, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert export(url, "-o", str(tmp_path / "new.json")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporaries_of_killed_exports_are_cleaned_by_the_next(url: str, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    killed = tmp_path / f".all.json.{dead_pid()}-abcd1234.tmp"
    legacy = tmp_path / ".all.json.k3j_9xq2.tmp"  # an older version's name, no pid
    live = tmp_path / f".all.json.{os.getppid()}-live0000.tmp"  # a write in progress
    recent_legacy = tmp_path / ".all.json.recent00.tmp"
    unrelated = tmp_path / ".all.json.notes.tmp"
    for path in (killed, legacy, live, recent_legacy, unrelated):
        path.write_text("partial")
    hours_ago = time.time() - 7200
    os.utime(legacy, (hours_ago, hours_ago))
    result = export(url, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert hidden_files(tmp_path) == sorted(p.name for p in (live, recent_legacy, unrelated))


def test_a_real_killed_export_leaves_nothing_after_the_next(url: str, tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the next export removes what the killed one left."""
    target = tmp_path / "killed.json"
    script = (
        "import os, sys\n"
        "from factcheck.exchange.jsonio import atomic_output\n"
        "with atomic_output(sys.argv[1]) as out:\n"
        "    out.write('partial'); out.flush()\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert killed.returncode == -9
    assert len(hidden_files(tmp_path)) == 1 and not target.exists()
    assert export(url, "-o", str(target)).exit_code == 0
    assert hidden_files(tmp_path) == []
    assert json.loads(target.read_text())["claims"]


def test_clean_stale_temporaries_counts_what_it_removed(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    (tmp_path / f".x.json.{dead_pid()}-aaaaaaaa.tmp").write_text("")
    (tmp_path / f".y.json.{dead_pid()}-aaaaaaaa.tmp").write_text("")  # another target's
    assert clean_stale_temporaries(target) == 1
    assert hidden_files(tmp_path) == [".y.json." + hidden_files(tmp_path)[0].split(".", 3)[3]]


def test_a_failed_writer_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write("half")
        raise RuntimeError("writer failed")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError, match="is a folder"), atomic_output(tmp_path):
        pass
