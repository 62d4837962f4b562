"""The package as a user installs it, not as the source folder runs it:
build the wheel from the tracked files, check it holds every file of the
four folders under the one name `partygraph`, install it into a fresh
virtual environment and load the seeds with its `partygraph` command."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("ontology", "loaders", "graph", "api")


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", *LAYERS, "seeds"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    return out.stdout.splitlines()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """(the wheel, the build's output), built from a copy of the tracked
    files so that the checkout gets no build/ or egg-info."""
    src = tmp_path_factory.mktemp("src")
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    # byte-compiling on, as on a user's machine: off, distutils says so as a "warning"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
                          "--no-index", "-w", str(out), str(src)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    wheels = list(out.glob("partygraph-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0], run.stdout + run.stderr


def test_the_wheel_holds_every_file_of_the_four_folders_under_one_name(built):
    wheel, _ = built
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"partygraph/{f}" for f in _tracked() if f.split("/")[0] in LAYERS}
    assert wanted - names == set()
    assert any(n.startswith("partygraph/graph/listings/") and n.endswith(".rq") for n in names)
    tops = {n.split("/")[0] for n in names if not n.startswith("partygraph-")}
    assert tops == {"partygraph"}
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]


def test_building_prints_no_setuptools_warning(built):
    _, log = built
    warned = [line for line in log.splitlines()
              if "warning" in line.lower() and "pip" not in line.lower().split("warning")[0]]
    assert not warned, warned[:10]


def test_the_installed_wheel_loads_the_seeds(built, tmp_path):
    """A fresh venv gets the wheel (its dependencies are read from the test
    environment's site-packages through a .pth, which adds that folder
    without running its .pth files: the editable install stays out)."""
    wheel, _ = built
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(py), "-c", "import partygraph.graph.listings as m; print(m.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr[-2000:]
    assert Path(where.stdout.strip()).is_relative_to(env_dir)
    exe = env_dir / "bin" / "partygraph"
    load = subprocess.run([str(exe), "load", str(ROOT / "seeds"), "--store", "store"], cwd=work, env=env,
                          capture_output=True, text=True)
    assert load.returncode == 0, load.stdout[-2000:] + load.stderr[-2000:]
    query = subprocess.run([str(exe), "query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                            "--store", "store", "--format", "csv"], cwd=work, env=env, capture_output=True, text=True)
    assert query.returncode == 0, query.stderr[-2000:]
    assert int(query.stdout.split()[-1]) >= 5   # the five seed articles' graphs, at least
