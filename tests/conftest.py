"""Shared fixtures: the project's own seeds and dev corpus, loaded through
the real pipeline into real Oxigraph stores."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "corpus" / "dev"


def gold(corpus: Path, name: str) -> dict:
    return json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory) -> Path:
    """A store on disk holding the five seeds, loaded as `partygraph load` does."""
    from graph.ingest import ensure_vocabulary, load_articles
    from graph.resolve import resolve_store
    from graph.store import open_store

    path = tmp_path_factory.mktemp("seed-store")
    store = open_store(path)
    ensure_vocabulary(store)
    report = load_articles([SEEDS], store)
    assert len(report.loaded) == 5 and not report.skipped
    resolve_store(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def seed_store(seed_store_path):
    from graph.store import open_store

    return open_store(seed_store_path, read_only=True)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """Seeds + dev articles in one store (entity resolution across articles)."""
    from graph.ingest import ensure_vocabulary, load_articles
    from graph.resolve import resolve_store
    from graph.store import open_store

    path = tmp_path_factory.mktemp("corpus-store")
    store = open_store(path)
    ensure_vocabulary(store)
    report = load_articles([SEEDS, DEV], store)
    assert len(report.loaded) == 13 and not report.skipped
    resolve_store(store)
    return store
