"""Tests for kg.text.reading: decoding, rejection of bad inputs, input discovery."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from kg.text.reading import InputError, iter_input_files, read_text

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "examples"

SAMPLE = "开发区党工委副书记、管委会主任金锋出席会议并讲话。\r\n新瑞光电12GW项目开工，总投资100亿元。\n"
# Characters outside GB2312 but inside GBK ("镕", "堃"): a GB2312-only decoder would fail.
GBK_SAMPLE = "朱镕基、王堃参加会议。高邮开发区（马棚街道）2023年重点工作。"


def corpus_files() -> list[Path]:
    files = sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else []
    return files or sorted(EXAMPLES.glob("*.txt"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------- decoding
@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="shared corpus not checked out beside the repo")
def test_shared_corpus_reads_and_matches_examples() -> None:
    for path in sorted(SHARED_CORPUS.glob("*.txt")):
        text = read_text(path)
        assert "开发区" in text
        copy = EXAMPLES / path.name
        if copy.exists():
            assert read_text(copy) == text


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_files_decode_as_utf8(path: Path) -> None:
    text = read_text(path)
    assert text == path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert "\r" not in text


def test_utf8_plain_and_line_endings_normalised(tmp_path: Path) -> None:
    text = read_text(write(tmp_path, "a.txt", SAMPLE.encode("utf-8")))
    assert text == SAMPLE.replace("\r\n", "\n")
    mac = read_text(write(tmp_path, "mac.txt", "第一行\r第二行\r\n第三行".encode()))
    assert mac == "第一行\n第二行\n第三行"


def test_utf8_with_bom(tmp_path: Path) -> None:
    text = read_text(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")))
    assert text == SAMPLE.replace("\r\n", "\n")
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb_encodings(tmp_path: Path, codec: str) -> None:
    data = (GBK_SAMPLE + "\n" + SAMPLE).encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_text(write(tmp_path, f"{codec}.txt", data)) == (GBK_SAMPLE + "\n" + SAMPLE).replace(
        "\r\n", "\n"
    )


def test_gb18030_four_byte_characters(tmp_path: Path) -> None:
    sample = "企业名称𠀀测试，高邮市€。"
    assert read_text(write(tmp_path, "g.txt", sample.encode("gb18030"))) == sample


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_utf16_and_32_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = write(tmp_path, "u.txt", bom + SAMPLE.encode(codec))
    assert read_text(path) == SAMPLE.replace("\r\n", "\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_detected_by_nul_pattern(tmp_path: Path, codec: str) -> None:
    path = write(tmp_path, "u.txt", SAMPLE.encode(codec))
    assert read_text(path) == SAMPLE.replace("\r\n", "\n")


def test_real_corpus_file_in_other_encodings(tmp_path: Path) -> None:
    source = corpus_files()[1]
    text = read_text(source)
    for codec, prefix in (("gb18030", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)):
        path = write(tmp_path, f"{codec}.txt", prefix + text.replace("\n", "\r\n").encode(codec))
        assert read_text(path) == text


# ----------------------------------------------------------------------- rejection
def test_binary_png_rejected(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(InputError) as info:
        read_text(write(tmp_path, "notes.bin", data))
    assert str(info.value) == f"{tmp_path / 'notes.bin'}: binary file, not text"


def test_control_characters_rejected_as_binary(tmp_path: Path) -> None:
    data = ("正文" + "\x01\x02\x03\x1b" * 50).encode("utf-8")
    with pytest.raises(InputError, match="binary file, not text"):
        read_text(write(tmp_path, "ctl.txt", data))


def test_random_bytes_rejected(tmp_path: Path) -> None:
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(8192))
    with pytest.raises(InputError, match=r"binary file, not text|cannot decode"):
        read_text(write(tmp_path, "random.dat", data))


def test_random_bytes_without_nul_rejected(tmp_path: Path) -> None:
    rng = random.Random(99)
    data = bytes(rng.randrange(128, 256) for _ in range(4096)) + b"\xff\xff"
    with pytest.raises(InputError) as info:
        read_text(write(tmp_path, "x.txt", data))
    assert str(info.value).endswith(("cannot decode (not UTF-8, UTF-16 or GB18030)", "binary file, not text"))


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_text(write(tmp_path, "empty.txt", b""))
    assert str(info.value) == f"{tmp_path / 'empty.txt'}: empty file"
    with pytest.raises(InputError, match="empty file"):
        read_text(write(tmp_path, "blank.txt", " \n\r\n\t\u3000\n".encode()))


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", ("高邮" * 1000).encode("utf-8"))
    with pytest.raises(InputError) as info:
        read_text(path, max_bytes=1024)
    message = str(info.value)
    assert message == f"{path}: too large (5.9 KB > 1 KB limit)"
    assert "\n" not in message
    assert read_text(path, max_bytes=6000).startswith("高邮")


def test_too_large_message_in_megabytes() -> None:
    error = InputError("big.txt", "too large (612 MB > 200 MB limit)")
    assert str(error) == "big.txt: too large (612 MB > 200 MB limit)"
    from kg.text.reading import _human_size

    assert _human_size(612 * 2**20) == "612 MB"
    assert _human_size(200 * 2**20) == "200 MB"


def test_input_error_is_one_line() -> None:
    error = InputError(Path("a.txt"), "bad\nthing  here")
    assert str(error) == "a.txt: bad thing here"
    assert error.problem == "bad thing here"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


# ----------------------------------------------------------------------- discovery
def test_iter_input_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ["b/2.txt", "a/1.TXT", "a/z.md", "a/skip.pdf", ".hidden/x.txt", "a/.secret.txt", "top.txt"]:
        (tmp_path / rel).write_text("文本", encoding="utf-8")
    single = tmp_path / "a" / "skip.pdf"
    found = iter_input_files([single, tmp_path])
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == ["a/skip.pdf", "a/1.TXT", "a/z.md", "b/2.txt", "top.txt"]


def test_iter_input_files_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        iter_input_files([tmp_path / "missing"])
    assert str(info.value) == f"{tmp_path / 'missing'}: no such file or directory"


def test_iter_input_files_on_examples() -> None:
    files = iter_input_files([EXAMPLES])
    assert [p.name for p in files] == sorted(p.name for p in EXAMPLES.glob("*.txt"))
