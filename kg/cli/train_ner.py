"""``kg train-ner``: convert the public NER corpora and train the shipped NER model.

Reproduces ``kg/nlp/model/pipeline`` from ``shared/data`` with ``kg/nlp/model/config.cfg``:

    OMP_NUM_THREADS=1 kg train-ner --data ../shared/data --output build/ner --install

Held-out sentences (md5 of the text mod 100 < 10, per corpus) are never trained on; the CLUENER
ones are the dev set and the figures written to ``metrics.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

# where the shipped model lives (kg/nlp/model), named here so `kg --help` does not import spaCy
MODEL_DIR = Path(__file__).resolve().parents[1] / "nlp" / "model"
PIPELINE_DIR = MODEL_DIR / "pipeline"

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("train-ner", help="train the Chinese NER model from shared/data")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data dir (default ../shared/data)")
    p.add_argument("--output", type=Path, default=Path("build/ner"), help="work/output directory")
    p.add_argument("--config", type=Path, default=MODEL_DIR / "config.cfg")
    p.add_argument(
        "--sources",
        default="cluener,peoples_daily,resume,weibo",
        help="comma-separated corpora to train on (cluener always used for dev)",
    )
    p.add_argument(
        "--pd-fraction",
        type=float,
        default=0.3,
        help="share of People's Daily training paragraphs to use (0–1)",
    )
    p.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    p.add_argument("--eval-only", action="store_true", help="only evaluate OUTPUT/model-best")
    p.add_argument(
        "--install", action="store_true", help="copy model-best and metrics into kg/nlp/model/pipeline"
    )
    p.set_defaults(handler=run)


def _keep_fraction(text: str, fraction: float) -> bool:
    h = int(hashlib.md5(("pd:" + text).encode("utf-8")).hexdigest()[:8], 16)
    return h % 1000 < fraction * 1000


def tokenizer_nlp(config_path: Path) -> Language:
    """A blank pipeline with the tokenizer of the training config (the model's tokenisation)."""
    import spacy
    from spacy.util import load_config

    tok_cfg = dict(load_config(config_path)["nlp"]["tokenizer"])
    return spacy.blank("zh_kg", config={"nlp": {"tokenizer": tok_cfg}})


def convert(
    data: Path,
    out: Path,
    sources: list[str],
    pd_fraction: float,
    config_path: Path = MODEL_DIR / "config.cfg",
) -> dict[str, int]:
    """Write OUTPUT/corpus/{train,dev}.spacy; returns doc counts per part."""

    from kg.training.convert import write_docbin
    from kg.training.corpora import is_heldout, load_all

    corpora = load_all(data, sources)
    nlp = tokenizer_nlp(config_path)
    train = []
    counts: dict[str, int] = {}
    for name, recs in corpora.items():
        if name not in sources:
            continue
        part = [r for r in recs if not is_heldout(r.text)]
        if name == "peoples_daily":
            part = [r for r in part if _keep_fraction(r.text, pd_fraction)]
        counts[f"train:{name}"] = len(part)
        train.extend(part)
    dev = [r for r in corpora["cluener"] if is_heldout(r.text)]
    counts["train"] = write_docbin(nlp, train, out / "corpus" / "train.spacy", shuffle_seed=0)
    counts["dev"] = write_docbin(nlp, dev, out / "corpus" / "dev.spacy", split_at_entities=False)
    return counts


def evaluate_heldout(data: Path, model_dir: Path) -> dict:
    """Exact-span figures of a trained pipeline on every corpus' held-out split."""
    from kg.nlp.ner import load_model
    from kg.training.corpora import is_heldout, load_all
    from kg.training.evaluate import evaluate

    nlp = load_model(model_dir)
    corpora = load_all(data)
    return {name: evaluate(nlp, [r for r in recs if is_heldout(r.text)]) for name, recs in corpora.items()}


def run(args: argparse.Namespace) -> int:
    from spacy.cli.train import train

    from kg.training.evaluate import format_report

    out: Path = args.output
    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    meta: dict = {"sources": sources, "pd_fraction": args.pd_fraction}
    if args.eval_only:
        if (out / "metrics.json").is_file():  # keep the training run's record
            meta = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    else:
        t0 = time.time()
        meta["docs"] = convert(args.data, out, sources, args.pd_fraction, args.config)
        print(f"converted in {time.time() - t0:.0f}s: {meta['docs']}", file=sys.stderr)
        overrides = {
            "paths.train": str(out / "corpus" / "train.spacy"),
            "paths.dev": str(out / "corpus" / "dev.spacy"),
        }
        if args.max_steps:
            overrides["training.max_steps"] = args.max_steps
        t0 = time.time()
        train(args.config, out / "training", overrides=overrides)
        meta["train_seconds"] = round(time.time() - t0)
    best = out / "training" / "model-best"
    results = evaluate_heldout(args.data, best)
    meta["heldout"] = results
    for name, res in results.items():
        print(f"== held-out {name}\n{format_report(res)}\n", file=sys.stderr)
    (out / "metrics.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.install:
        if PIPELINE_DIR.exists():
            shutil.rmtree(PIPELINE_DIR)
        shutil.copytree(best, PIPELINE_DIR)
        (PIPELINE_DIR / "metrics.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        print(f"installed {best} -> {PIPELINE_DIR}", file=sys.stderr)
    return 0
