"""``zh_events``: meetings, inspections, signings, ceremonies, trips and interviews.

News reports an event in one sentence (date, organizer, trigger, name) and its people in the
sentences after it (出席, 主持, 指出 …). The component walks the sentences of each article in
order: a trigger opens an event, and the following sentences add people and sites to it until the
next trigger or headline. A date carries forward in the same way, so "郑志明一行现场考察了…"
gets the date of the meeting reported just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import lexicons
from kg.nlp.chars import starts_with_any
from kg.nlp.extensions import register_extensions
from kg.nlp.spans import doc_text

register_extensions()

MEETING = re.compile(
    r"(?P<trigger>召开|举行|举办|开展|组织召开)(?:了)?(?!的)(?P<label>[^，。；！？\n]{2,80})"
)
MEETING_HEADS = re.compile(
    r"(会议|会|会谈|会见|仪式|典礼|论坛|活动|大赛|讲座|培训班|开班式|发布会|推介会|签约会|座谈|峰会|展会|节"
    r"|(?:评估|检查|督查|验收|考核)工作)$"
)
INSPECTION = re.compile(
    r"(?P<trigger>调研|督查|考察|视察|走访|察看|检查|督导|拜访|参观|来到|走进)(?:了)?(?!的|组|员|结果)"
    r"(?P<label>[^。；！？\n]{0,60})"
)
RECEPTION = re.compile(r"(?P<trigger>会见|会晤|接见)(?:了)?(?P<label>[^，。；！？\n]{2,40})")
TRIP = re.compile(r"(?P<trigger>赴)(?P<label>[^，。；！？\n]{2,60})")
SIGNING = re.compile(r"(?P<label>[^，。；！？\n]{0,30}(?:签约|签订|签署)[^，。；！？\n]{0,20})")
INTERVIEW = re.compile(r"接受(?P<label>[^，。；！？\n]{0,20})采访")
PROJECT_START = re.compile(
    r"(?:正式|集中|顺利|全面)?(?P<trigger>开工|竣工|投产|下线|揭牌)(?:建设|仪式|投用)?"
)
CONTINUATION = re.compile(
    r"(?:会上|会议|活动中|活动上|座谈中|座谈会上|调研中|期间|其间|此次|随后|他|她|在.{1,12}(?:时|中|上)，)"
)
DATE_OPENING = re.compile(r"\d{1,2}月")
# a sentence that names the event it speaks of without saying which (史美山在活动上致辞, 金锋主持仪式)
BACK_REFERENCE = re.compile(
    r"(?:主持|出席|参加|在)(?:了)?(?:此次|本次)?(?:仪式|典礼|会议|大会|活动|座谈会?|签约)(?:上|中|并|。|，)"
)
REPORTED_SPEECH = re.compile(
    r"[^，。；]{0,12}?(?:指出|强调|(?<!提出)(?<!的)要求|表示|认为|(?<!的)希望|说|寄语[^，：]{0,8})[，：:]"
)
CHAIR = re.compile(r"主持")
SPEECH = re.compile(
    r"^(?:[^，。；]{0,12}?)(?:讲话|致辞|指出|强调|要求|表示|发言|提出|说|总结|介绍|汇报|作|希望|勉励|肯定)"
)


class Named:
    """A span read as the person it refers to (a pronoun with its antecedent's name)."""

    def __init__(self, span, name: str) -> None:
        self.start_char, self.end_char, self.text = span.start_char, span.end_char, name


@dataclass
class EventDraft:
    label: str
    kind: str
    date: str | None
    start: int
    end: int
    organizers: list[str] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    location: str | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _kind_of_label(label: str) -> str:
    if re.search("签约|签订|签署", label):
        return "signing"
    if re.search("仪式|典礼|揭牌|开班|开工|竣工|下线|投产", label):
        return "ceremony"
    return "meeting"


def _clean_label(label: str) -> str:
    label = re.sub(r"^(?:了|一次|一场|首届)", "", label)
    return label.strip(" “”")


class Events:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # a pronoun stands for its antecedent (他表示 → 金锋 spoke)
        persons = sorted(
            [*doc.spans.get("persons", []), *(Named(p, p._.value) for p in doc.spans.get("pronouns", []))],
            key=lambda p: p.start_char,
        )
        orgs = list(doc.spans.get("orgs", []))
        places = list(doc.spans.get("places", []))
        dates = [d for d in doc.spans.get("dates", [])]
        events: list[EventDraft] = []
        group: list[EventDraft] = []  # the events the current sentences speak of
        context: list[EventDraft] = []  # the article's last events, even after a paragraph ends
        current_date: str | None = None
        for sent in doc.spans.get("sentences", []):
            s, e = sent.start_char, sent.end_char
            if sent.label_ in {"headline", "banner", "byline"}:
                group, context, current_date = [], [], None
                continue
            stext = text[s:e]
            sent_dates = [d for d in dates if s <= d.start_char < e]
            dated = next((d for d in sent_dates if d._.value), None)
            own_date = dated is not None and dated.start_char - s < 20
            if own_date:
                current_date = dated._.value
            elif sent_dates and sent_dates[0].start_char - s < 12 and sent_dates[0]._.value is None:
                current_date = None  # 近日: a new, undated happening
                own_date = True
            if group and self._starts_paragraph(text, s) and not self._continues(text, s, persons):
                visiting = any(ev.kind in {"trip", "inspection"} for ev in group)
                if not (visiting and INSPECTION.search(stext) and not own_date):
                    group = []  # a visit goes on in the next paragraph (招商人员先后拜访了…)
            new = self._triggers(stext, s, context, own_date)
            if new:
                group = []
                for kind, label, a, b in new:
                    ev = EventDraft(_clean_label(label), kind, current_date, a, b)
                    if kind in {"meeting", "ceremony", "signing"}:  # who 召开/举行 it; not a host visited
                        ev.organizers = self._organizer(text, orgs, s, a)
                    events.append(ev)
                    group.append(ev)
                context = group
            elif own_date and group and group[-1].date != current_date:
                group = []  # another day, and nothing happens in it that we know of
            elif not group and context and not own_date and BACK_REFERENCE.search(stext):
                group = context  # paragraphs of background between; this one is back at the event
            # a visit that also holds a meeting (调研…并召开汇报会): the meeting is what is chaired
            hosted = [g for g in group if g.kind not in {"inspection", "trip"}]
            for current in group:
                if (s, e) not in current.sentences:
                    current.sentences.append((s, e))
                self._people(text, persons, s, e, current, chaired=not hosted or current in hosted)
                if current.kind in {"inspection", "trip"}:
                    self._sites(orgs + places, s, e, current)
        doc._.events = [ev.__dict__ for ev in events]
        return doc

    def _triggers(
        self, stext: str, offset: int, group: list[EventDraft], own_date: bool
    ) -> list[tuple[str, str, int, int]]:
        """The events a sentence opens: (kind, label, start, end), in text order."""
        found: list[tuple[str, str, int, int]] = []
        free = own_date or not group  # a sentence may open a minor event on its own
        for t in TRIP.finditer(stext):
            found.append(("trip", "赴" + t.group("label"), offset + t.start(), offset + t.end()))
        for m in MEETING.finditer(stext):
            label = m.group("label").rstrip("”’\"' ")
            if MEETING_HEADS.search(label) and not any(a <= offset + m.start() < b for _, _, a, b in found):
                if len(label) <= 2:  # 举行会谈: the clause says who met
                    label = re.split(r"[，。；]", stext[: m.end() - offset + offset])[-1]
                kind = "inspection" if label.endswith("工作") else _kind_of_label(label)
                found.append((kind, label, offset + m.start(), offset + m.end()))
        m = RECEPTION.search(stext)
        if m and free and not found:  # 会见了…一行: a meeting of the two sides
            found.append(
                ("meeting", m.group("trigger") + m.group("label"), offset + m.start(), offset + m.end())
            )
        m = INTERVIEW.search(stext)
        if m and free:
            found.append(
                ("interview", "接受" + m.group("label") + "采访", offset + m.start(), offset + m.end())
            )
        m = SIGNING.search(stext)
        if m and free and not found and "签约率" not in m.group("label"):
            found.append(("signing", m.group("label"), offset + m.start(), offset + m.end()))
        m = PROJECT_START.search(stext)
        if (
            m
            and free
            and not found
            and "项目" in stext[: m.start()]
            and not stext[: m.start()].rstrip().endswith("的")
        ):
            found.append(("ceremony", stext[: m.end()].split("，")[-1], offset + m.start(), offset + m.end()))
        m = INSPECTION.search(stext)
        led = re.search("一行|率队|带队|陪同", stext) is not None
        if m and (free or led) and not re.search(r"(?:要|将|需|应|加强|强化|进行|开展)$", stext[: m.start()]):
            visiting = any(ev.kind in {"trip", "inspection"} for ev in group)
            if not (visiting and not own_date) and not any(k == "trip" for k, *_ in found):
                label = re.split(r"[，,]", m.group("trigger") + m.group("label"))[0]
                found.append(("inspection", label, offset + m.start(), offset + m.end()))
        return sorted(found, key=lambda f: f[2])

    @staticmethod
    def _starts_paragraph(text: str, s: int) -> bool:
        return s == 0 or text[s - 1] == "\n"

    @staticmethod
    def _continues(text: str, s: int, persons: list) -> bool:
        """Whether a new paragraph still speaks of the event before it: it opens with a cue
        (会上, 活动中, 他) or with a person acting (郑志明指出, 开发区…主任金锋总结了…)."""
        if CONTINUATION.match(text, s):
            return True
        return any(s <= p.start_char < s + 25 for p in persons) and not DATE_OPENING.match(text, s)

    @staticmethod
    def _sites(spans: list, s: int, e: int, ev: EventDraft) -> None:
        """Organizations and places named after the trigger of a visit are what was visited."""
        for span in spans:
            seen = span.text in ev.sites or span.text in ev.organizers
            if s <= span.start_char < e and span.start_char >= ev.start - 2 and not seen:
                ev.sites.append(span.text)

    @staticmethod
    def _organizer(text: str, orgs: list, s: int, trigger: int) -> list[str]:
        """The body right before 召开/举行: "开发区召开", not the one in a title (市委书记X会见)."""
        before = [
            o for o in orgs if s <= o.start_char and o.end_char <= trigger and trigger - o.end_char <= 8
        ]
        if not before or starts_with_any(text, before[-1].end_char, lexicons.roles()):
            return []
        return [before[-1].text]

    @staticmethod
    def _people(text: str, persons: list, s: int, e: int, ev: EventDraft, chaired: bool = True) -> None:
        # people named inside what someone said (金锋强调，…要铭记习近平总书记…) were not there
        limit = e
        for p in persons:
            if s <= p.start_char < e and (said := REPORTED_SPEECH.match(text, p.end_char, e)):
                limit = said.end()  # what this speaker said starts here
                break
        inside = [p for p in persons if s <= p.start_char < limit]
        for p in inside:
            name = p.text
            after = text[p.end_char : e]
            clause = re.split(r"[，。；]", after, maxsplit=1)[0]
            if name not in ev.participants:
                ev.participants.append(name)
            if chaired and CHAIR.search(clause) and name not in ev.chairs:
                ev.chairs.append(name)
            if SPEECH.search(after) and name not in ev.speakers:
                ev.speakers.append(name)
        m = re.search(r"由(?P<name>[^，。；]{2,30}?)主持", text[s:e])
        if m and chaired:
            for p in inside:
                if p.start_char >= s + m.start() and p.end_char <= s + m.end() and p.text not in ev.chairs:
                    ev.chairs.append(p.text)


@Language.factory("zh_events")
def make_events(nlp: Language, name: str) -> Events:
    return Events()
