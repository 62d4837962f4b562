"""Scale the seed and dev articles to N articles for the benchmark.

Each generated article starts from one real article (title and most of its
paragraphs) and takes in paragraphs from others, so its sentences are real
Vietnamese Party-building prose. Inside each borrowed piece the people and
the place names its gold file names are replaced by generated ones
(syllables drawn from the names in the gold files), counts of party members
and cells get new values, document numbers are redrawn and the article gets
a new date. People, places and documents are drawn from pools with a
long-tailed (Zipf-like) frequency, so, as in a real newspaper archive, a few
officials and central documents recur in many articles and most appear in a
few: the graph grows like a real one, not by copies.

    python bench/generate.py --articles 1000 --out /tmp/corpus-1k [--seed 7]

Deterministic for a given --seed and --articles.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from partygraph.loaders.article import read_article  # noqa: E402
from partygraph.loaders.identity import split_unit  # noqa: E402

SOURCES = (ROOT / "seeds", ROOT / "corpus" / "dev")
PER_FOLDER = 1000

# Unit levels whose names are redrawn; provinces and cities keep theirs
# (there are a few dozen of them in reality, so they recur anyway).
_LOCAL = ("xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thôn", "ấp", "buôn", "làng", "bản")
_COUNT = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:\.\d{3})*|\d+)(?=\s+(?:đảng viên|chi bộ|tổ chức cơ sở|đảng bộ|TCCS))")
_SYMBOL_NUMBER = re.compile(r"(?<![\w/.-])(\d{1,4})(?=(?:/\d{4})?[-/][A-ZĐ]{2,}\b)")
_DATE_LINE = re.compile(r"^(\s*date )\d{4}-\d{2}-\d{2}")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])")


@dataclass
class Template:
    name: str
    paragraphs: list[str]
    people: list[str]
    places: list[str]


def _names(gold: dict) -> tuple[list[str], list[str]]:
    people = {h["person"] for h in gold.get("holds_post") or []}
    people.update(gold.get("non_officials") or [])
    units = {h["area"] for h in gold.get("holds_post") or [] if h.get("area")}
    for m in gold.get("merged_from") or []:
        units.update((m["unit"], m["source"]))
    for c in gold.get("member_counts") or []:
        if c.get("area"):
            units.add(c["area"])
    places = set()
    for u in units:
        unit_type, name = split_unit(u)
        if unit_type and unit_type.label.lower() in _LOCAL and not name[:1].isdigit():
            places.add(name)
    return sorted(people), sorted(places)


def load_templates() -> list[Template]:
    out = []
    for folder in SOURCES:
        for f in sorted(folder.glob("*.txt")):
            gold = json.loads((folder / "gold" / f"{f.name}.json").read_text(encoding="utf-8"))
            people, places = _names(gold)
            paragraphs = [p for p in re.split(r"\n\s*\n", read_article(f).text) if p.strip()]
            out.append(Template(f.name, paragraphs, people, places))
    return out


def _syllables(templates: list[Template]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Family names, middle names, given-name and place syllables, from the gold names."""
    family, middle, given, place = set(), set(), set(), set()
    for t in templates:
        for p in t.people:
            parts = p.replace("’", "").split()
            if len(parts) >= 3:
                family.add(parts[0])
                middle.update(parts[1:-1])
            if len(parts) >= 2:
                given.add(parts[-1])
        for pl in t.places:
            place.update(w for w in pl.split() if w.isalpha())
    place |= given
    return sorted(family), sorted(middle), sorted(given), sorted(place)


class Pool:
    """Distinct generated names, drawn with weight 1/(rank+1)^0.8."""

    def __init__(self, make, size: int, rng: random.Random):
        seen: dict[str, None] = {}
        tries = 0
        while len(seen) < size and tries < size * 20:
            seen.setdefault(make(rng), None)
            tries += 1
        self.names = list(seen)
        self.cum = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(self.names))))

    def draw(self, rng: random.Random) -> str:
        return self.names[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


class Generator:
    def __init__(self, n: int, seed: int = 7):
        self.rng = random.Random(seed)
        self.templates = load_templates()
        family, middle, given, place = _syllables(self.templates)

        def person(r: random.Random) -> str:
            words = [r.choice(family), r.choice(middle)]
            if r.random() < 0.6:
                words.append(r.choice(middle))
            return " ".join([*words, r.choice(given)])

        def place_name(r: random.Random) -> str:
            return " ".join(r.sample(place, 3 if r.random() < 0.1 else 2))

        self.people = Pool(person, max(200, n), self.rng)
        self.places = Pool(place_name, max(100, n // 4), self.rng)

    def _substitute(self, text: str, template: Template, people: dict, places: dict) -> str:
        names = sorted({*template.people, *template.places}, key=len, reverse=True)
        if names:
            pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")

            def swap(m: re.Match) -> str:
                old = m.group(1)
                if old in template.people:
                    return people.setdefault(old, self.people.draw(self.rng))
                return places.setdefault(old, self.places.draw(self.rng))
            text = pattern.sub(swap, text)
        text = _COUNT.sub(lambda m: _number(m.group(1), self.rng), text)
        # Central documents recur: numbers from a small long-tailed range.
        return _SYMBOL_NUMBER.sub(lambda m: str(int(self.rng.paretovariate(0.7)) % 400 + 1), text)

    def article(self, i: int) -> tuple[str, str]:
        """The i-th generated article: (file name, text)."""
        rng = self.rng
        main = self.templates[i % len(self.templates)]
        maps: dict[str, tuple[dict, dict]] = {}

        def piece(t: Template, paragraph: str) -> str:
            people, places = maps.setdefault(t.name, ({}, {}))
            if rng.random() < 0.3:  # drop a sentence now and then: new sentence sequences
                sentences = _SENTENCE_END.split(paragraph)
                if len(sentences) > 2:
                    del sentences[rng.randrange(1, len(sentences))]
                    paragraph = " ".join(sentences)
            return self._substitute(paragraph, t, people, places)

        body = [piece(main, main.paragraphs[0])]
        body += [piece(main, p) for p in main.paragraphs[1:] if rng.random() < 0.8]
        for _ in range(rng.randint(1, 3)):
            other = rng.choice(self.templates)
            if len(other.paragraphs) > 1:
                at = rng.randint(1, len(body))
                body.insert(at, piece(other, rng.choice(other.paragraphs[1:])))
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body[0] = _DATE_LINE.sub(lambda m: m.group(1) + date, body[0])
        return f"gen_{i:06d}.txt", "\n\n".join(body) + "\n"


def _number(old: str, rng: random.Random) -> str:
    value = int(old.replace(".", ""))
    new = max(1, int(value * rng.uniform(0.5, 1.5)))
    return f"{new:,}".replace(",", ".") if "." in old or new >= 1000 else str(new)


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write n articles under `out` (1000 per sub-folder); returns their paths."""
    gen = Generator(n, seed)
    paths = []
    for i in range(n):
        name, text = gen.article(i)
        folder = out / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, required=True)
    ap.add_argument("--out", "-o", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.articles, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {size / 1e6:.1f} MB, in {args.out}")


if __name__ == "__main__":
    main()
