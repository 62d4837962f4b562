"""The extractor over the project's own seeds and dev corpus, scored with
tools/score_facts.py; fails when a figure falls below the targets."""
import importlib.util
from pathlib import Path

import pytest

from loaders.article import read_article
from loaders.extract import extract_many

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("score_facts", ROOT / "tools" / "score_facts.py")
score_facts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_facts)

TARGETS = {("holds_post.area", "f1"): 0.95, ("holds_post.organization", "f1"): 0.90,
           ("merged_from", "f1"): 0.95, ("directives", "f1"): 0.95, ("cites", "f1"): 0.90,
           ("member_counts", "f1"): 0.95, ("date", "accuracy"): 1.0}


def report(corpus: Path):
    arts = [read_article(p) for p in sorted(corpus.glob("*.txt"))]
    preds = {f["article"]: f for f in extract_many(arts)}
    rep, _ = score_facts.score(str(corpus), preds)
    return rep


@pytest.mark.parametrize("corpus", ["seeds", "corpus/dev", "tests/data/heldout"])
def test_scores_meet_targets(corpus):
    rep = report(ROOT / corpus)
    low = {f"{m}.{f}": rep[m][f] for (m, f), v in TARGETS.items() if rep[m][f] < v}
    assert not low, low
    assert rep["non_officials"]["posts_given"] == 0
