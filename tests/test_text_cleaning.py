"""Tests for kg.text.cleaning: width normalisation, line-break repair, spaces, offsets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.cleaning import CleanText, clean_text, normalize_width
from kg.text.reading import read_text

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "examples"


def corpus_dir() -> Path:
    return SHARED_CORPUS if SHARED_CORPUS.is_dir() else EXAMPLES


def corpus(prefix: str) -> str:
    paths = sorted(corpus_dir().glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"corpus file {prefix} not available")
    return read_text(paths[0])


def all_corpus() -> list[Path]:
    return sorted(corpus_dir().glob("*.txt"))


def clean_lines(text: str) -> list[str]:
    return clean_text(text).text.split("\n")


def assert_offsets_exact(original: str, clean: CleanText) -> None:
    """Every clean character is its original character up to width normalisation;
    paragraph separators map to an original line break."""
    norm = normalize_width(original)
    assert len(clean.offsets) == len(clean.text) + 1
    previous = -1
    for i, ch in enumerate(clean.text):
        j = clean.offsets[i]
        assert j > previous, "offsets must increase strictly"
        previous = j
        if ch == "\n":
            assert norm[j] == "\n"
        else:
            assert norm[j] == ch, (i, ch, j, original[j])
    if clean.text:
        assert clean.offsets[-1] == clean.offsets[-2] + 1


# ----------------------------------------------------------------------- corpus
@pytest.mark.parametrize("path", all_corpus(), ids=lambda p: p.name)
def test_corpus_shape_and_offsets(path: Path) -> None:
    original = read_text(path)
    clean = clean_text(original)
    assert clean.text and clean.text == clean.text.strip()
    assert "\n\n" not in clean.text
    assert "#" not in clean.text
    for line in clean.text.split("\n"):
        assert line == line.strip()
        assert "  " not in line
    assert_offsets_exact(original, clean)


def test_001_hard_wrapped_paragraph_is_one_line() -> None:
    lines = clean_lines(corpus("001"))
    first = lines[0]
    assert first.startswith(
        "今年以来，开发区共招引太阳能超薄单晶硅片、新能源汽车动力锂电池复合集流体、第三代半导体"
    )
    assert first.endswith("特别值得一提的是，开发区今年招引的12个项目中，有4个由上市公司投资。")
    assert "TOPCon新型光伏电池" in first


def test_001_name_cut_by_line_break_is_whole() -> None:
    text = clean_text(corpus("001")).text
    assert "区党工委副书记杨海蔚主持会议" in text
    assert "开发区党工委副书记、管委会主任金锋出席会议并讲话" in text
    assert "纪工委书记张登清对体制机制改革期间纪律作风提出具体要求。" in text


def test_001_blank_line_inside_sentence_joined() -> None:
    text = clean_text(corpus("001")).text
    assert "重大问题采取“周报制”提交区安委办" in text  # next block starts with a quote
    assert "三是要严肃追究安全生产事故责任" in text
    assert "会上，开发区党群工作局、经济发展局、规划建管局等9个部门负责人作表态发言。" in text


def test_001_indented_lead_after_headline_separate() -> None:
    lines = clean_lines(corpus("001"))
    i = lines.index("开发区召开体制机制改革工作推进会")
    assert lines[i + 1].startswith("5月8日，市委书记张利带队到开发区")
    assert "开发区举行“青蓝工程”年轻干部培养活动开班仪式" in lines
    assert "“我的工作法”青年说交流分享会同日举行" in lines
    assert any(line.startswith("5月24日下午，开发区举行“2023年度‘青蓝工程’") for line in lines)


def test_000_join_across_blank_lines() -> None:
    text = clean_text(corpus("000")).text
    assert "“二次创业”高质量发展各项目标，继续奋进、全面发力" in text
    assert "要把蕴藏在干部、地方、企业、群众中的活力充分激发出来" in text
    assert "深圳新光台电子科技有限公司、深圳开源互联网安全技术有限公司" in text
    # three blank lines inside "项\n\n\n\n目量产", stray spaces around TOPCon/HJT
    assert "2GW为极具潜力的HJT电池。项目量产，TOPCon电池转化效率可达24.5%，HJT电池转化效率将达26.5%。" in text
    assert "配备MES数据采集系统，实现车间生产智能管理。" in text


def test_000_headlines_stay_separate_and_punctuation_unified() -> None:
    lines = clean_lines(corpus("000"))
    assert lines[0] == "开发区召开“奋进千亿园区 建设未来之城”推进会暨“二次创业”高质量发展大会"
    assert lines[1].startswith("2月10日上午，开发区召开")
    for headline in (
        "开发区赴珠三角大湾区开展招商活动——",
        "聚力精准招商 开展上门服务",
        "开发区乡村振兴重点工作再推进",
        "开发区领导挂联基础产业工作启动",
        "新瑞光电12GW新型高效光伏电池项目开工",
    ):
        assert headline in lines
    text = "\n".join(lines)
    assert "各村（社区）全体村组干部" in text
    assert "," not in text and "(" not in text and ";" not in text


def test_002_no_join_before_date_or_heading() -> None:
    lines = clean_lines(corpus("002"))
    i = next(k for k, line in enumerate(lines) if line.endswith("各项工作要求落到"))
    assert lines[i + 1].startswith("9月16日上午")
    assert "锐猫科技里程碑：M11首台量产下线" in lines
    text = "\n".join(lines)
    assert "等方面的支持；财政部门要适当发挥杠杆作用" in text
    assert "实现对癌症等重大疾病的早期诊断" in text


def test_003_markdown_headings() -> None:
    lines = clean_lines(corpus("003"))
    assert lines[0] == "开发区工业经济高歌猛进开新局"
    assert lines[1] == "一季度主要指标实现“开门红”"
    assert "金锋率队督查区水利工程建设工作" in lines
    i = lines.index("开发区文明创建暨环境秩序整治工作再推进")
    assert lines[i + 1].startswith("牢固树立创建永远在路上的理念")
    assert "入伍新兵们表示，入伍后将以部队为家，服从命令" in "\n".join(lines)


def test_004_banner_bylines_subtitles_and_spaces() -> None:
    lines = clean_lines(corpus("004"))
    assert lines[0] == "今日高邮APP"
    assert "通讯员宰森旺记者赵妍东方" in lines
    assert "通讯员田威 顾伟 记者 葛维祥" in lines
    assert "聚焦主导产业 掀起“二次创业”高质量发展新热潮" in lines
    assert "——访市委常委、高新区党工委书记、送桥镇党委书记 马舟" in lines
    text = "\n".join(lines)
    assert "市委明确了2023年要以“发力奋进年”为总抓手" in text
    assert "确保全年新开工亿元以上项目8个、5000万元项目5个，新竣工亿元以上项目6个。" in text
    assert "更高标准推进双文融合" in text


# ----------------------------------------------------------------------- unit cases
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("项目总投资１２０亿元，建设１２ＧＷ产线。", "项目总投资120亿元，建设12GW产线。"),
        ("增长２２．８％。", "增长22.8%。"),
        ("会上,张利指出;要求:一是(社区)。", "会上，张利指出；要求：一是（社区）。"),
        ("产值1,246.5亿元,时间10:30。", "产值1,246.5亿元，时间10:30。"),
        ("访问 https://example.com/a?b=1 获取。", "访问https://example.com/a?b=1获取。"),
        ("好吗?好!", "好吗？好！"),
        ("Hello, world. No CJK here (really)!", "Hello, world. No CJK here (really)!"),
        ("新瑞光电 12GW 新型   高效 电池 , 项目 。", "新瑞光电12GW新型 高效 电池，项目。"),
        ("“ 引号 ”里", "“引号”里"),
        ("\u3000\u3000缩进段落。\n\n第二段。", "缩进段落。\n第二段。"),
        ("零宽\u200b字符。", "零宽字符。"),
        ("# 标题\n\n## 副标题 ##\n\n正文。", "标题\n副标题\n正文。"),
        ("\n\n\n标题\n\n\n正文第一句，\n接着写。\n\n\n", "标题\n正文第一句，接着写。"),
        ("第一段结束。\n第二段开始", "第一段结束。\n第二段开始"),
        ("甲\r\n乙。", "甲乙。"),
        ("--------\n正文。\n*****", "正文。"),
        ("", ""),
        ("   \n\n ", ""),
    ],
)
def test_clean_units(raw: str, expected: str) -> None:
    clean = clean_text(raw)
    assert clean.text == expected
    assert_offsets_exact(raw, clean)


def test_join_rules_across_blank_lines() -> None:
    body = "开发区党工委副书记、管委会主任金锋出席会议并讲话，强调要加快推进项目建设进度和"
    assert clean_lines(body + "\n\n质量。") == [body + "质量。"]
    # next block is a date lead: a new item, even though the previous one is unfinished
    assert clean_lines(body + "\n\n3月14日上午，开发区举行仪式。") == [body, "3月14日上午，开发区举行仪式。"]
    # previous block is a headline
    assert clean_lines("开发区召开推进会\n\n金锋出席会议。") == ["开发区召开推进会", "金锋出席会议。"]
    # next block is a stand-alone headline
    assert clean_lines(body + "\n\n开发区召开推进会\n\n正文。") == [body, "开发区召开推进会", "正文。"]
    # previous block ends with a comma: always a continuation
    assert clean_lines("入伍新兵们表示,入伍后将以部队为\n\n家,服从命令。") == [
        "入伍新兵们表示，入伍后将以部队为家，服从命令。"
    ]


def test_single_newline_rules() -> None:
    assert clean_lines("开发区召开推进会\n2月10日上午，开发区召开推进会。") == [
        "开发区召开推进会",
        "2月10日上午，开发区召开推进会。",
    ]
    assert clean_lines("主标题 副短语\n——访市委常委 马舟") == ["主标题 副短语", "——访市委常委 马舟"]
    assert clean_lines("要闻快览\n◆ 9月15日，开发区开会。\n◆ 9月9日，开发区开会。") == [
        "要闻快览",
        "◆ 9月15日，开发区开会。",
        "◆ 9月9日，开发区开会。",
    ]


def test_to_original() -> None:
    original = "# 标题\n\n区党工委副\n书记杨海蔚主持会议。"
    clean = clean_text(original)
    assert clean.text == "标题\n区党工委副书记杨海蔚主持会议。"
    start = clean.text.index("副书记")
    s, e = clean.to_original(start, start + 3)
    assert original[s:e] == "副\n书记"
    name = clean.text.index("杨海蔚")
    s, e = clean.to_original(name, name + 3)
    assert original[s:e] == "杨海蔚"
    assert clean.to_original(0, 0) == (2, 2)
    assert clean.to_original(0, len(clean.text)) == (2, len(original))
    with pytest.raises(ValueError):
        clean.to_original(3, 2)
    with pytest.raises(ValueError):
        clean.to_original(0, len(clean.text) + 1)


# ----------------------------------------------------------------------- properties
_ALPHABET = st.sampled_from(
    list("开发区会议召开金锋高邮项目年月日一二三")
    + list("，。！？、；：“”（）——")
    + list(",.;:?!()%")
    + list("0123456789AGWx")
    + list("０１２ＡＧ％．")
    + [" ", " ", "\u3000", "\n", "\n", "\n\n", "#", "# "]
)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_offsets_property(original: str) -> None:
    clean = clean_text(original)
    assert_offsets_exact(original, clean)
    assert "\n\n" not in clean.text
    assert clean.text == clean.text.strip("\n")


def test_cleaning_is_fast_on_10_mb() -> None:
    text = "\n".join(read_text(p) for p in all_corpus())
    big = text * (10 * 2**20 // len(text.encode("utf-8")) + 1)
    t0 = time.perf_counter()
    clean = clean_text(big)
    elapsed = time.perf_counter() - t0
    assert len(clean.offsets) == len(clean.text) + 1
    assert elapsed < 10, f"cleaning 10 MB took {elapsed:.1f}s"
