"""Reading order: continuations of broken paragraphs go back after them, nothing else moves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import _is_word, extract_text
from kg.text.cleaning import clean_text
from kg.text.order import restore_order

# two items of a page; the first item's paragraph breaks at 水|系 and goes on after the
# second item's headline, as PDF columns do
PAGE = (
    "3月14日上午，园区管委会主任王明率队督查水利工程建设工作，副主任李华参加活动。\n\n"
    "王明一行先后察看了新建灌排泵站，对企业厂区水\n\n"
    "园区召开安全生产工作会议\n\n"
    "系连通提出优化建议，并就具体工作进行部署。副主任赵强陪同督查。\n\n"
    "3月20日下午，园区召开安全生产工作会议。园区党工委书记陈刚出席会议并讲话。\n"
)


def order(text: str) -> list[str]:
    return restore_order(clean_text(text), _is_word).text.split("\n")


def test_a_continuation_follows_the_paragraph_it_continues():
    paragraphs = order(PAGE)
    broken = next(i for i, p in enumerate(paragraphs) if p.endswith("厂区水"))
    assert paragraphs[broken + 1].startswith("系连通")
    assert paragraphs[-1].startswith("3月20日下午")  # the other item stays where it was


def test_a_fragment_or_a_soft_break_after_a_headline_is_a_continuation():
    fragment = (
        "9月8日，主任王明督查城市常态长效工作，要求做好环境整治，确保各项工作要求落到\n\n"
        "园区举行项目开工仪式\n\n9月16日上午，园区举行项目开工仪式。\n\n实处。在金塘集镇，王明察看了沿街商户。\n"
    )
    assert order(fragment)[1].startswith("实处。")
    soft = (
        "会上，书记陈刚强调，要压紧压实责任，牢固树立全区“一盘棋”的大局观，\n\n"
        "3月初，园区举行服务站揭牌仪式。\n\n园区文明创建工作再推进\n\n切实把各项举措落到实处。\n"
    )
    assert order(soft)[1] == "切实把各项举措落到实处。"


def test_nothing_moves_without_evidence():
    text = (
        "3月14日上午，园区召开会议，研究部署安全生产工作。\n\n园区召开会议\n\n"
        "近日，园区举行签约仪式，共签约项目三个，总投资达二十亿元，涉及新能源、新材料等\n\n"
        "园区举行签约仪式\n\n3月20日下午，园区举行培训班。\n"
    )
    assert restore_order(clean_text(text), _is_word).text == clean_text(text).text


@settings(max_examples=40, deadline=None)
@given(st.permutations(PAGE.strip().split("\n\n")))
def test_every_character_keeps_its_place_in_the_original(paragraphs):
    original = "\n\n".join(paragraphs) + "\n"
    clean = clean_text(original)
    moved = restore_order(clean, _is_word)
    assert sorted(moved.text) == sorted(clean.text) and len(moved.offsets) == len(clean.offsets)
    for i, ch in enumerate(moved.text):
        if ch != "\n":
            start, end = moved.to_original(i, i + 1)
            assert original[start:end] == ch


def test_the_continuation_speaks_of_its_own_event(nlp):
    events = {e.label: e for e in extract_text(PAGE, "x.txt", year=2023, nlp=nlp).events}
    inspection = next(e for label, e in events.items() if "督查" in label)
    assert "Person:赵强" in inspection.participants
    meeting = next(e for label, e in events.items() if "会议" in label)
    assert "Person:赵强" not in meeting.participants
