"""Inputs and outputs that may be local paths or fsspec URLs (``file://``, ``memory://``, ``s3://`` …).

Why: on a cluster the corpus and the shards live on shared storage that every worker can reach,
named by URL. Local paths keep going through ``kg.text.reading`` unchanged; a remote file is
fetched to a temporary file first, so the very same decoding and sanity checks apply to it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.text.reading import TEXT_SUFFIXES, InputError, iter_input_files, read_text


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and "://" in value


def name_of(source: str | Path) -> str:
    """The file name a document is known by (as ``Path.name`` for local files)."""
    return str(source).rstrip("/").rsplit("/", 1)[-1]


def read_source(source: str | Path) -> str:
    """The decoded text of a local file or a URL; raises ``InputError`` as ``read_text`` does."""
    if not is_url(source):
        return read_text(Path(source))
    import fsspec

    try:
        with fsspec.open(str(source), "rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as exc:
        raise InputError(str(source), f"cannot read ({exc})") from None
    fd, tmp = tempfile.mkstemp(prefix="zhkg-", suffix=".txt")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        try:
            return read_text(Path(tmp))
        except InputError as exc:  # report the URL, not the temporary file
            raise InputError(str(source), exc.problem) from None
    finally:
        os.unlink(tmp)


def expand_inputs(inputs: Sequence[str | Path]) -> list[str | Path]:
    """Command-line inputs to the files to process: paths as ``iter_input_files``, URLs via fsspec.

    A URL naming a folder (or a glob) expands to its ``*.txt``/``*.md`` files in sorted order.
    """
    out: list[str | Path] = []
    seen: set[str] = set()
    for raw in inputs:
        if not is_url(raw):
            for path in iter_input_files([Path(raw)]):
                if str(path.resolve()) not in seen:  # duplicates dropped, the first kept
                    seen.add(str(path.resolve()))
                    out.append(path)
            continue
        import fsspec

        fs, _, paths = fsspec.get_fs_token_paths(str(raw))
        found: list[str] = []
        for p in paths:
            if fs.isdir(p):
                found.extend(f for f in fs.find(p) if Path(f).suffix.lower() in TEXT_SUFFIXES)
            elif fs.exists(p):
                found.append(p)
        if not found:
            raise InputError(str(raw), "no such file or directory")
        for p in sorted(found):
            url = fs.unstrip_protocol(p)
            if not name_of(p).startswith(".") and url not in seen:
                seen.add(url)
                out.append(url)
    return out


def write_atomic(target: str | Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to a path or URL so readers see the old object or the new one, never half.

    Local files: temporary file, fsync, rename. Other filesystems: a temporary object, then a
    move (atomic where the store offers it; on object stores the upload itself is all or nothing).
    ``data`` may be an iterable of byte strings, written as it comes (a merged graph streams).
    """
    pieces = [data] if isinstance(data, bytes) else data
    if not is_url(target) or str(target).startswith("file://"):
        from kg.rdf.output import _fsync_directory

        path = Path(str(target).removeprefix("file://"))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as out:
            for piece in pieces:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        _fsync_directory(path.parent)
        return
    import fsspec

    fs, _, (path,) = fsspec.get_fs_token_paths(str(target))
    tmp = f"{path}.{os.getpid()}.tmp"
    with fs.open(tmp, "wb") as out:
        for piece in pieces:
            out.write(piece)
    fs.mv(tmp, path)


def exists(target: str | Path) -> bool:
    if not is_url(target):
        return Path(target).exists()
    import fsspec

    fs, _, (path,) = fsspec.get_fs_token_paths(str(target))
    return fs.exists(path)


def open_text(target: str | Path):
    """A text handle on a local path or URL (UTF-8), for streaming reads of shards."""
    if not is_url(target):
        return open(target, encoding="utf-8")
    import fsspec

    return fsspec.open(str(target), "rt", encoding="utf-8").open()


def join(base: str | Path, *parts: str) -> str:
    """``base/part/…`` for a path or a URL (fsspec URLs always use ``/``)."""
    return "/".join([str(base).rstrip("/"), *parts])
