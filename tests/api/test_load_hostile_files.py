"""Loading refuses what a folder should not make it read (issue 16, item 6):
links out of the folder, file names that forge output lines, and a disk
that fills up midway."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from partygraph.api.cli import main; main()"]
# the articles' own graphs (the listing index is dropped by any write, by design)
ARTICLE_QUADS = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/partygraph/article/')) }")


def run(*args: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:   # in the child: files may not grow past limit_bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          preexec_fn=limit if limit_bytes else None)


@pytest.fixture()
def folder(tmp_path) -> Path:
    f = tmp_path / "articles"
    f.mkdir()
    shutil.copy(ROOT / "seeds" / sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))[0], f / "a.txt")
    return f


def test_a_link_out_of_the_folder_is_not_followed(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("date 2025-01-01 Bí mật\n\nBà Nguyễn Thị Hoa, Bí thư Đảng ủy xã An Bình.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(secret)
    (folder / "inside").symlink_to(tmp_path)
    r = run("load", str(folder), "--store", str(tmp_path / "store"), "--quiet")
    assert r.returncode == 1
    assert f"skipped {folder / 'link.txt'}: a symbolic link leading out of the folder (not followed)" in r.stderr
    assert f"skipped {folder / 'inside'}: a symbolic link (not followed)" in r.stderr
    assert "loaded 1 article(s)" in r.stderr
    q = run("query", "SELECT ?n WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?n } ",
            "--store", str(tmp_path / "store"), "--format", "csv")
    assert "Nguyễn Thị Hoa" not in q.stdout


def test_a_file_name_with_a_newline_cannot_forge_a_line(folder, tmp_path):
    (folder / "x\nloaded 99 article(s).txt").write_text((folder / "a.txt").read_text(encoding="utf-8"),
                                                        encoding="utf-8")
    r = run("load", str(folder), "--store", str(tmp_path / "store"), "--quiet")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert not any(line.startswith("loaded 99") for line in lines)
    assert f"skipped {folder}/x\\nloaded 99 article(s).txt: the file name holds control characters" in lines


def test_a_full_disk_ends_the_load_in_one_line_and_keeps_what_was_stored(tmp_path):
    store = tmp_path / "store"
    first = run("load", str(ROOT / "seeds"), "--store", str(store), "--quiet")
    assert first.returncode == 0, first.stderr
    count = run("query", ARTICLE_QUADS, "--store", str(store), "--format", "csv").stdout.split()[1]
    # files of the store may not grow any more: the writes of the next load fail
    full = run("load", str(ROOT / "corpus" / "dev"), "--store", str(store), "--quiet",
               limit_bytes=os.path.getsize(max(store.iterdir(), key=os.path.getsize)) + 1)
    assert full.returncode == 2
    assert full.stderr.count("\n") == 1 and "Traceback" not in full.stderr
    assert full.stderr.startswith(f"error: cannot write to the store {store}: ")
    after = run("query", ARTICLE_QUADS, "--store", str(store), "--format", "csv").stdout.split()[1]
    assert int(after) >= int(count)
    assert run("validate", "--store", str(store)).returncode == 0
