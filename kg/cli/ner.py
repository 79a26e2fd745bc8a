"""``kg ner``: run the shipped NER model over texts and write JSON lines.

    kg ner FILE...        one text per line
    kg ner -              from stdin
    kg ner --jsonl FILE   JSON objects with a "text" field (other fields are kept)

Each output line is ``{"text": ..., "entities": [{"start", "end", "label", "text"[, "kind"]}]}``
with offsets into the text exactly as given. Input is read and written in batches through
``nlp.pipe``, so memory stays flat however long the input is.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ner", help="named entities (PERSON, ORG, PLACE, TITLE) as JSON lines")
    p.add_argument("inputs", nargs="*", default=["-"], help="files, one text per line; - for stdin")
    p.add_argument("--jsonl", action="store_true", help='inputs are JSON lines with a "text" field')
    p.add_argument("-o", "--output", type=Path, default=None, help="output file (default stdout)")
    p.add_argument("--batch-size", type=int, default=256, help="texts per batch")
    p.add_argument("--n-process", type=int, default=1, help="worker processes for nlp.pipe")
    p.add_argument("--model", type=Path, default=None, help="pipeline dir (default: shipped model)")
    p.set_defaults(handler=run)


def _lines(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        if path == "-":
            fh: TextIO = sys.stdin
            yield from (line.rstrip("\r\n") for line in fh)
        else:
            with open(path, encoding="utf-8") as fh:
                yield from (line.rstrip("\r\n") for line in fh)


def _records(paths: Iterable[str], jsonl: bool) -> Iterator[dict[str, Any]]:
    for line in _lines(paths):
        if not jsonl:
            yield {"text": line}
        elif line.strip():
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError(f"expected a JSON object per line, got {type(obj).__name__}")
            obj["text"] = obj.get("text") or ""
            yield obj


def annotate(
    records: Iterable[dict[str, Any]], batch_size: int = 256, n_process: int = 1, model: Path | None = None
) -> Iterator[dict[str, Any]]:
    """Add ``"entities"`` to each record, streaming.

    One ``nlp.pipe`` call over the whole stream (so worker processes are started once); only
    the records in flight are buffered, which ``nlp.pipe`` bounds by its batch size.
    """
    from kg.nlp.ner import load_model, predict_entities

    nlp = load_model(model)
    pending: deque[dict[str, Any]] = deque()

    def texts() -> Iterator[str]:
        for rec in records:
            pending.append(rec)
            yield rec["text"]

    for ents in predict_entities(texts(), batch_size=batch_size, n_process=n_process, nlp=nlp):
        rec = pending.popleft()
        rec["entities"] = ents
        yield rec


def run(args: argparse.Namespace) -> int:
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for rec in annotate(_records(args.inputs, args.jsonl), args.batch_size, args.n_process, args.model):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return 0
