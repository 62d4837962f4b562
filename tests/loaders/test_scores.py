"""The extractor over the project's own seeds and dev corpus, scored with
tools/score_facts.py; fails when a figure falls below the targets."""
import importlib.util
from pathlib import Path

import pytest

from partygraph.loaders.article import read_article
from partygraph.loaders.extract import extract_many

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("score_facts", ROOT / "tools" / "score_facts.py")
score_facts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_facts)

# issue 15's targets on all 40 dev articles (and the held-out set); the
# seeds are held to 1.0 on every figure
TARGETS = {("holds_post.area", "f1"): 0.95, ("holds_post.organization", "f1"): 0.90,
           ("merged_from", "f1"): 0.95, ("directives", "f1"): 0.95, ("cites", "f1"): 0.90,
           ("member_counts", "f1"): 0.95, ("member_counts.organization", "f1"): 0.90,
           ("date", "accuracy"): 1.0}
EVERY_FIGURE = [(m, "f1") for m in ("holds_post.person_role", "holds_post.area", "holds_post.organization",
                                    "merged_from", "directives", "cites", "member_counts",
                                    "member_counts.organization")] + [("date", "accuracy")]


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


def test_the_dev_corpus_holds_all_forty_articles():
    assert len(list((ROOT / "corpus" / "dev").glob("*.txt"))) == 40


def test_seeds_score_one_on_every_figure():
    rep = report(ROOT / "seeds")
    assert {f"{m}.{f}": rep[m][f] for m, f in EVERY_FIGURE if rep[m][f] < 1.0} == {}
