"""Tests for kg.text.splitting: paragraph kinds, sentences, document year."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from kg.text.cleaning import clean_text
from kg.text.reading import read_text
from kg.text.splitting import Paragraph, document_year, paragraphs, sentences

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "examples"


def corpus_dir() -> Path:
    return SHARED_CORPUS if SHARED_CORPUS.is_dir() else EXAMPLES


def all_corpus() -> list[Path]:
    return sorted(corpus_dir().glob("*.txt"))


def clean_corpus(prefix: str) -> str:
    paths = sorted(corpus_dir().glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"corpus file {prefix} not available")
    return clean_text(read_text(paths[0])).text


def kinds(clean: str) -> dict[str, str]:
    return {clean[p.start : p.end]: p.kind for p in paragraphs(clean)}


def texts(clean: str, spans: list[tuple[int, int]]) -> list[str]:
    return [clean[s:e] for s, e in spans]


# ----------------------------------------------------------------------- paragraphs
def test_paragraph_offsets_cover_lines() -> None:
    clean = "标题\n正文第一句。第二句。\n通讯员张鑫记者赵妍东方"
    paras = paragraphs(clean)
    assert paras == [
        Paragraph(0, 2, True, "headline"),
        Paragraph(3, 13, False, "body"),
        Paragraph(14, 25, False, "byline"),
    ]
    assert [clean[p.start : p.end] for p in paras] == clean.split("\n")


def test_paragraphs_skip_empty_lines_and_strip() -> None:
    clean = "\n  正文。 \n\n"
    assert paragraphs(clean) == [Paragraph(3, 6, False, "body")]


@pytest.mark.parametrize(
    "headline",
    [
        "开发区召开“奋进千亿园区 建设未来之城”推进会暨“二次创业”高质量发展大会",
        "聚力精准招商 开展上门服务",
        "开发区赴珠三角大湾区开展招商活动——",
        "市委书记张利在开发区调研指导挂联村党建助推强村惠民攻坚工作时强调——",
        "锐猫科技里程碑：M11首台量产下线",
        "——访市委常委、卸甲镇党委书记 周伟",
        "要闻快览",
    ],
)
def test_headlines(headline: str) -> None:
    (para,) = paragraphs(headline)
    assert para.kind == "headline" and para.headline


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("今日高邮APP", "banner"),
        ("来源：高邮日报", "banner"),
        ("通讯员宰森旺记者赵妍东方", "byline"),
        ("通讯员田威 顾伟 记者 葛维祥", "byline"),
        ("记者 翁正倩", "byline"),
        ("文/张三 图/李四", "byline"),
        ("记者从开发区获悉，项目已开工。", "body"),
        ("会上，开发区党群工作局、经济发展", "body"),
        ("开发区党工委副书记、管委会主任金锋主持仪式。", "body"),
        ("◆ 9月15日上午，省“八五”普法中期评估组来开发区开展评估工作。", "body"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    (para,) = paragraphs(text)
    assert para.kind == kind
    assert para.headline is (kind == "headline")


def test_corpus_paragraph_kinds() -> None:
    k000 = kinds(clean_corpus("000"))
    assert k000["开发区赴珠三角大湾区开展招商活动——"] == "headline"
    assert k000["聚力精准招商 开展上门服务"] == "headline"
    assert k000["新瑞光电12GW新型高效光伏电池项目开工"] == "headline"
    k004 = kinds(clean_corpus("004"))
    assert k004["今日高邮APP"] == "banner"
    assert k004["通讯员宰森旺记者赵妍东方"] == "byline"
    assert k004["——访开发区党工委副书记、管委会主任 金锋"] == "headline"
    for path in all_corpus():
        clean = clean_text(read_text(path)).text
        paras = paragraphs(clean)
        body = [p for p in paras if p.kind == "body"]
        assert len(body) > len(paras) / 2
        for p in paras:
            if p.headline:
                assert clean[p.end - 1] not in "。！？"


# ----------------------------------------------------------------------- sentences
def test_sentence_basic_split_and_paragraph_breaks() -> None:
    clean = "开发区召开大会\n金锋出席会议。他表示，今年要加油！真的吗？好\n最后一句"
    assert texts(clean, sentences(clean)) == [
        "开发区召开大会",
        "金锋出席会议。",
        "他表示，今年要加油！",
        "真的吗？",
        "好",
        "最后一句",
    ]


def test_sentence_no_split_on_semicolon() -> None:
    clean = "一是要强化排查；二是要加大整改力度。"
    assert texts(clean, sentences(clean)) == [clean]


def test_sentence_closing_quote_belongs_to_sentence() -> None:
    clean = "“我们很高兴。”他说。金锋说：“这是好事。”"
    assert texts(clean, sentences(clean)) == ["“我们很高兴。”", "他说。", "金锋说：“这是好事。”"]


def test_sentence_short_quote_with_exclamation_not_split() -> None:
    clean = "他高喊“加油！冲啊！”走上台。随后散会。"
    assert texts(clean, sentences(clean)) == ["他高喊“加油！冲啊！”走上台。", "随后散会。"]


def test_sentence_long_quote_is_split_inside() -> None:
    inner = "高新区要突出特色和内涵提升，全力推动智慧照明产业发展，" * 3
    clean = f"“{inner}努力进位。围绕这个目标，{inner}掀起新热潮。”近日，马舟说。"
    got = texts(clean, sentences(clean))
    assert got[0].endswith("努力进位。")
    assert got[1].startswith("围绕这个目标") and got[1].endswith("掀起新热潮。”")
    assert got[2] == "近日，马舟说。"


def test_sentence_unclosed_quote_ignored() -> None:
    clean = "他说“第一句。第二句。"
    assert texts(clean, sentences(clean)) == ["他说“第一句。", "第二句。"]


def test_sentences_in_range_and_whitespace() -> None:
    clean = "第一段。\n第二段第一句。第二句。\n第三段。"
    start = clean.index("第二段")
    end = clean.index("\n第三段")
    assert texts(clean, sentences(clean, start, end)) == ["第二段第一句。", "第二句。"]
    assert sentences("") == []
    assert texts(" 前后空格。 ", sentences(" 前后空格。 ")) == ["前后空格。"]


def test_corpus_sentences_partition_text() -> None:
    for path in all_corpus():
        clean = clean_text(read_text(path)).text
        spans = sentences(clean)
        assert spans and all(e > s for s, e in spans)
        assert all(a[1] <= b[0] for a, b in pairwise(spans))
        covered = "".join(clean[s:e] for s, e in spans)
        assert covered == clean.replace("\n", "")
        for s, e in spans:
            assert "\n" not in clean[s:e]


def test_corpus_quote_sentence_004() -> None:
    clean = clean_corpus("004")
    got = texts(clean, sentences(clean))
    assert "近日，市委常委、高新区党工委书记、送桥镇党委书记马舟在接受记者采访时说。" in got
    assert any(s.endswith("掀起高新区‘二次创业’高质量发展新热潮。”") for s in got)


# ----------------------------------------------------------------------- year
@pytest.mark.parametrize("path", all_corpus(), ids=lambda p: p.name)
def test_corpus_document_year(path: Path) -> None:
    clean = clean_text(read_text(path)).text
    assert document_year(clean, path.name) == 2023


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2022年，开发区实现了突破。2023年是开发区成立三十周年。", 2023),
        ("北太平村2022年集体经营性收入73.46万元。为上年度技改企业颁奖。", 2023),
        ("2022年北太平村集体经营性收入73.46万元。为上年度技改企业颁奖。", 2023),
        ("2022年北太平村集体经营性收入73.46万元。", 2022),
        ("编者按 2022年12月29日上午，全会召开。市委明确了2023 年要以“发力奋进年”为总抓手。", 2023),
        ("力争到2025年实现目标，2035年远景目标。今年开发区召开大会，2023年度目标任务。", 2023),
        ("新霖飞集团从2008年开始进入光伏领域。", None),
        ("今年以来，开发区共招引12个项目。", None),
        ("会议于2023-02-10召开。", 2023),
        ("20世纪80年代，1980年代。", None),
    ],
)
def test_document_year_rules(text: str, year: int | None) -> None:
    assert document_year(text) == year


def test_document_year_from_file_name() -> None:
    assert document_year("今年以来，开发区招引项目。", "gaoyou_2021-05-03.txt") == 2021
    assert document_year("今年以来，开发区招引项目。", "notes.txt") is None
    assert document_year("2023年度工作目标。", "gaoyou_2021.txt") == 2023
