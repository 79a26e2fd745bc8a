"""A benchmark corpus: the example articles recombined paragraph by paragraph, with fresh names.

    python bench/make_corpus.py OUT_DIR [--mb 10] [--seed 0] [--paragraphs 6:16]

Why not copies of the examples (as ``bench_build.py`` makes): identical documents collapse into
the same entities, so resolution would never grow. Here each output document takes a headline
and a run of paragraphs drawn from all examples, and every person name the rule pipeline finds
in the originals is replaced by a name generated from the generic lexicons (surname by
frequency + one or two given-name characters) — the same name for the same person within a
document, a different one in every other document. Deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LEXICONS = ROOT / "kg" / "nlp" / "lexicons"
MAX_MB = 100


def _weighted(path: Path) -> tuple[list[str], list[int]]:
    items, weights = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            item, count = line.split("\t")[:2]
            items.append(item)
            weights.append(int(count))
    return items, weights


def original_names(files: list[Path]) -> list[str]:
    """Person names (surname + given name) the rule pipeline finds in ``files``, longest first."""
    sys.path.insert(0, str(ROOT))
    from kg.extract import extract_file
    from kg.nlp.pipeline import make_pipeline

    nlp = make_pipeline(model=False)
    surnames = set((LEXICONS / "surnames.txt").read_text(encoding="utf-8").split())
    names = set()
    for f in files:
        for e in extract_file(f, nlp=nlp).entities:
            if (
                e.type == "Person"
                and 2 <= len(e.name) <= 4
                and (e.name[0] in surnames or e.name[:2] in surnames)
            ):
                names.add(e.name)
    return sorted(names, key=lambda n: (-len(n), n))


class NameMaker:
    """Generated names: surname by frequency, then one or two given-name characters by frequency."""

    def __init__(self) -> None:
        self.surnames, self.surname_weights = _weighted(LEXICONS / "surname_counts.tsv")
        self.given, self.given_weights = _weighted(LEXICONS / "given_name_chars.tsv")

    def make(self, rng: random.Random) -> str:
        surname = rng.choices(self.surnames, self.surname_weights)[0]
        size = 1 if rng.random() < 0.3 else 2
        return surname + "".join(rng.choices(self.given, self.given_weights, k=size))


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def make_corpus(out: Path, mb: float, seed: int = 0, span: tuple[int, int] = (6, 16)) -> tuple[int, int]:
    """Write documents to ``out`` until about ``mb`` MB; returns (documents, characters)."""
    mb = min(mb, MAX_MB)
    files = sorted(EXAMPLES.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    heads = [paragraphs(t)[0] for t in texts]
    body = [p for t in texts for p in paragraphs(t)[1:]]
    names = original_names(files)
    pattern = re.compile("|".join(map(re.escape, names))) if names else None
    maker, rng = NameMaker(), random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    size = docs = chars = 0
    while size < mb * 1e6:
        chosen = [rng.choice(heads)]
        start = rng.randrange(len(body))
        count = rng.randint(*span)
        chosen += [
            body[(start + i) % len(body)] if rng.random() < 0.6 else rng.choice(body) for i in range(count)
        ]
        text = "\n\n".join(chosen) + "\n"
        if pattern is not None:
            mapping: dict[str, str] = {}
            used = set(names)

            def fresh(match: re.Match[str], mapping: dict[str, str] = mapping, used: set[str] = used) -> str:
                name = match.group(0)
                if name not in mapping:
                    new = maker.make(rng)
                    # never an original name (nor one containing it), never two people with one name
                    while new in used or pattern.search(new):
                        new = maker.make(rng)
                    used.add(new)
                    mapping[name] = new
                return mapping[name]

            text = pattern.sub(fresh, text)
        data = text.encode("utf-8")
        (out / f"doc-{docs:06d}.txt").write_bytes(data)
        size += len(data)
        chars += len(text)
        docs += 1
    return docs, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=10, help=f"size in MB (at most {MAX_MB})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--paragraphs", default="6:16", help="paragraphs per document, MIN:MAX")
    args = parser.parse_args()
    low, high = (int(x) for x in args.paragraphs.split(":"))
    docs, chars = make_corpus(args.out, args.mb, args.seed, (low, high))
    print(f"{docs} documents, {chars} characters → {args.out}")


if __name__ == "__main__":
    main()
