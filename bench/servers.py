"""SPARQL servers started here, for the tests and the bench: `oxigraph
serve` (PyPI `oxigraph`) and Virtuoso Open Source 7 (Debian's
`virtuoso-opensource`, installed by `make virtuoso`). Each runs on
127.0.0.1 and free ports with its own database folder, and is stopped when
its `with` block ends. Neither is part of partygraph: partygraph only
talks to them (graph/remote.py)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

VIRTUOSO = "virtuoso-t"
VIRTUOSO_ISQL = "isql-vt"
# Debian's package puts the web root of /sparql's start page here.
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"   # the package's default administrator


@dataclass(frozen=True)
class Server:
    kind: str            # "oxigraph" | "virtuoso"
    url: str             # what `--store` takes
    folder: Path         # its database folder (for its size)
    user: str | None = None
    password: str | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_missing() -> str | None:
    """Why no Oxigraph server can be started here, or None."""
    return None if _oxigraph() else "the oxigraph server binary is missing: pip install -e '.[test]'"


def virtuoso_missing() -> str | None:
    """Why no Virtuoso can be started here, or None."""
    if not shutil.which(VIRTUOSO) or not shutil.which(VIRTUOSO_ISQL):
        return ("Virtuoso is not installed: `make virtuoso` installs Debian's virtuoso-opensource "
                "(as root; elsewhere: apt-get install virtuoso-opensource)")
    return None


def _oxigraph() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def _wait(url: str, proc: subprocess.Popen, what: str, log: Path | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
                raise RuntimeError(f"{what} did not start (exit {proc.poll()}): {tail}")
            time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """`oxigraph serve` on an empty folder; `url` is its base URL (the
    Oxigraph profile: /query, /update, /store)."""
    exe = _oxigraph()
    if not exe:
        raise RuntimeError(oxigraph_missing())
    port = free_port()
    log = folder.parent / f"{folder.name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait(url + "/", proc, "oxigraph serve", log, 30)
        yield Server("oxigraph", url, folder)
    finally:
        _stop(proc)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {isql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = {http}
ServerRoot = {vsp}
MaxClientConnections = 10
ServerThreads = 10
KeepAliveTimeout = 10
MaxKeepAlives = 10
EnabledDavVSP = 0

[Flags]
; a transitive walk may hold this much (default 1 GB: the unbound
; covering-unit question over 1k generated articles needs more; read
; as 32 bits: 4 GiB came out as 0 and refused every walk)
tn_max_memory = {tn_memory}

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 600
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1
"""


@contextmanager
def virtuoso_server(folder: Path, memory_gb: float = 2.0) -> Iterator[Server]:
    """Virtuoso with its own database in `folder`, its SQL and HTTP ports
    free ones. `url` is its authenticated SPARQL endpoint (/sparql-auth,
    digest auth as `dba`): writes go there and to /sparql-graph-crud-auth,
    so nothing is opened to anonymous users."""
    reason = virtuoso_missing()
    if reason:
        raise RuntimeError(reason)
    folder.mkdir(parents=True, exist_ok=True)
    isql, http = free_port(), free_port()
    buffers = int(memory_gb * 1024 ** 3 * 0.66 / 8000)   # Virtuoso's rule: 2/3 of the memory, 8 kB pages
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(d=folder, isql=isql, http=http, vsp=VIRTUOSO_VSP,
                                        buffers=buffers, dirty=buffers * 3 // 4,
                                        tn_memory=min(int(memory_gb * 1024 ** 3), 2_000_000_000)))
    log = folder / "virtuoso.log"
    proc = subprocess.Popen([shutil.which(VIRTUOSO), "+foreground", "+configfile", str(ini)],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{http}/sparql", proc, "Virtuoso", log, 120)
        yield Server("virtuoso", f"http://127.0.0.1:{http}/sparql-auth", folder,
                     VIRTUOSO_USER, VIRTUOSO_PASSWORD)
    finally:
        _stop(proc)
