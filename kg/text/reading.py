"""Reading input files: encoding detection, binary rejection, input discovery.

The input files come out of newspaper PDFs and apps and are saved by whatever
tool the user had at hand, so the encoding is unknown: UTF-8 (with or without a
BOM), UTF-16 from Windows tools, or GBK/GB18030 from older Chinese software.
:func:`read_text` decodes them deterministically with a fixed order of strict
attempts, and only falls back to statistical detection (charset-normalizer) when
all of those fail -- accepting the guess only if it looks like Chinese text.

The string returned by :func:`read_text` has its line endings normalised to
``"\\n"``; this decoded, newline-normalised string is the **original text**.  All
character offsets kept by later stages (see :class:`kg.text.cleaning.CleanText`)
point into it, so they are independent of the file's byte encoding.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

__all__ = ["DEFAULT_MAX_BYTES", "InputError", "iter_input_files", "read_text"]

DEFAULT_MAX_BYTES = 200 * 2**20
#: Suffixes picked up when walking a folder.
TEXT_SUFFIXES = frozenset({".txt", ".md"})
#: Share of control characters (other than tab/newline/CR/FF/VT) above which a
#: decoded file is treated as binary.  Real text has none; 2 % tolerates a few
#: stray bytes from a PDF extractor.
MAX_CONTROL_SHARE = 0.02
#: Minimum share of CJK ideographs (among non-whitespace characters) for a
#: charset-normalizer guess to be accepted.  A wrong guess for Chinese bytes
#: typically yields Latin-1/Cyrillic mojibake with no ideographs at all.
MIN_CJK_SHARE_FALLBACK = 0.2

_UNDECODABLE = "cannot decode (not UTF-8, UTF-16 or GB18030)"
_BINARY = "binary file, not text"


class InputError(Exception):
    """An input file that cannot be used.  ``str()`` is one line, "FILE: problem",
    so the CLI can print it as is and keep going with the other files."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = " ".join(problem.split())
        super().__init__(f"{path}: {self.problem}")


def _human_size(n: int) -> str:
    """Format a byte count the way people state limits: "612 MB", "1.5 KB"."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) or value >= 100 else f"{value:.1f} {unit}"
    return f"{n} bytes"


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SPACE_RE = re.compile(r"\s")


def _control_share(text: str) -> float:
    """Share of C0/C1 control characters other than ordinary whitespace
    (counted with a regex: a per-character loop is too slow for 200 MB)."""
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


def _cjk_share(text: str) -> float:
    """Share of CJK ideographs among non-whitespace characters."""
    visible = len(text) - len(_SPACE_RE.findall(text))
    if visible <= 0:
        return 0.0
    return len(_CJK_RE.findall(text)) / visible


def _decode_utf16_by_nul_pattern(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 recognised by where its NUL bytes sit, else None.

    In UTF-16 every ASCII character (newlines, digits, Latin letters) carries a
    NUL in its high byte, so NULs sit mostly at odd offsets (LE) or even offsets
    (BE); CJK characters such as U+4E00 put a few on the other side.  Binary data
    scatters NULs over both sides and, decoded as UTF-16, yields U+0000 (from
    aligned NUL pairs), lone surrogates or control characters.
    """
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    total = even + odd
    if odd >= 0.6 * total:
        codec = "utf-16-le"
    elif even >= 0.6 * total:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _control_share(text) > MAX_CONTROL_SHARE:
        return None
    return text


def _decode(data: bytes, path: Path) -> str:
    """Decode *data*; raises :class:`InputError` for binary or undecodable data."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, codec in boms:  # UTF-32 LE BOM starts with the UTF-16 LE one: test it first
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise InputError(path, f"cannot decode (invalid {codec.upper()} despite its BOM)") from None

    if 0 in data:
        text = _decode_utf16_by_nul_pattern(data)
        if text is None:
            raise InputError(path, _BINARY)
        return text

    # GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
    # UTF-8 goes first: valid multi-byte UTF-8 is very unlikely to be intended GBK.
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue

    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        raise InputError(path, _UNDECODABLE) from None
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _cjk_share(text) >= MIN_CJK_SHARE_FALLBACK:
            return text
    raise InputError(path, _UNDECODABLE)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one input file, returning the **original text**.

    Tries, in order: a BOM (UTF-8/16/32), BOM-less UTF-16 recognised by its NUL
    pattern, strict UTF-8, strict GB18030 (covers GBK/GB2312), and finally
    charset-normalizer, whose guess is accepted only when it contains a
    plausible share of Chinese characters.  CRLF and lone CR become ``"\\n"``;
    a leading U+FEFF is dropped.  Offsets used downstream refer to this string.

    Raises :class:`InputError` for missing, too large, empty or whitespace-only,
    binary and undecodable files.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise InputError(path, "is a directory, not a file")
    if size > max_bytes:
        raise InputError(path, f"too large ({_human_size(size)} > {_human_size(max_bytes)} limit)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # the file grew between stat() and read()
        raise InputError(path, f"too large ({_human_size(len(data))} > {_human_size(max_bytes)} limit)")
    if not data:
        raise InputError(path, "empty file")

    text = _decode(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(path, _BINARY)
    if not text.strip():
        raise InputError(path, "empty file (whitespace only)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def iter_input_files(inputs: Sequence[Path]) -> list[Path]:
    """Expand the command-line inputs into the list of files to process.

    Files are taken as given, whatever their suffix (the user named them).
    Folders are walked recursively for ``*.txt`` and ``*.md`` files, skipping
    hidden files and folders (``.git``, editor backups) and not following
    symlinked folders (avoids cycles); each folder's files are sorted by path so
    runs are reproducible.  Duplicates are dropped, keeping the first.  A missing
    input raises :class:`InputError` before any work is done.
    """
    result: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            result.append(p)

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not _is_hidden(d)]
                for name in files:
                    if not _is_hidden(name) and Path(name).suffix.lower() in TEXT_SUFFIXES:
                        found.append(Path(root) / name)
            for p in sorted(found):
                add(p)
        elif path.exists():
            add(path)
        else:
            raise InputError(path, "no such file or directory")
    return result


def read_texts(
    paths: Sequence[Path], errors: list[str], *, progress: bool = False
) -> Iterator[tuple[Path, str]]:
    """(path, text) of each readable file in order, with a progress bar on stderr when asked
    and there is more than one file; each unreadable file adds its one-line error to ``errors``."""
    items: Iterable[Path] = paths
    if progress and len(paths) > 1:
        from tqdm import tqdm

        items = tqdm(paths, desc="kg build", unit="doc")
    for path in items:
        try:
            yield path, read_text(path)
        except InputError as exc:
            errors.append(str(exc))
