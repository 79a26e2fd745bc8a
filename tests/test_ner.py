"""Tests of the shipped NER model, ``kg ner``, the corpus converters and the spaCy component."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from kg.cli import main
from kg.cli.train_ner import tokenizer_nlp
from kg.nlp.ner import MODEL_DIR, PIPELINE_DIR, load_model, normalise_text, org_kind, predict_entities
from kg.training import corpora
from kg.training.convert import write_docbin

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((d for d in (ROOT.parent / "shared" / "corpus", ROOT / "examples") if d.is_dir()), None)

# real sentences of the corpus, joined where the newspaper extract broke the line
SENT_PERSON = "20GWN型太阳能超薄单晶硅片项目负责人杜建桥的一席话"
SENT_COMPANY = "招商人员先后拜访了广东英联包装股份有限公司"


def ents(text: str) -> list[dict]:
    return next(predict_entities([text]))


def test_shipped_model_present_and_small() -> None:
    assert (PIPELINE_DIR / "config.cfg").is_file()
    size = sum(f.stat().st_size for f in PIPELINE_DIR.rglob("*") if f.is_file())
    assert size < 50 * 1024 * 1024


def test_model_loads_and_predicts_without_network() -> None:
    code = (
        "import socket\n"
        "def no(*a, **k): raise OSError('network disabled in test')\n"
        "socket.socket.connect = no; socket.create_connection = no; socket.getaddrinfo = no\n"
        "from kg.nlp.ner import predict_entities\n"
        f"print(next(predict_entities([{SENT_PERSON!r}])))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "杜建桥" in out.stdout


def test_person_in_corpus_sentence() -> None:
    found = [(e["text"], e["label"]) for e in ents(SENT_PERSON)]
    assert ("杜建桥", "PERSON") in found


def test_company_in_corpus_sentence() -> None:
    found = ents(SENT_COMPANY)
    assert any(
        e["label"] == "ORG" and e["text"] == "广东英联包装股份有限公司" and e["kind"] == "company"
        for e in found
    ), found


def test_offsets_exact_on_corpus_lines() -> None:
    assert CORPUS is not None
    files = sorted(CORPUS.glob("*.txt"))[:2]
    lines = [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln.strip()][:60]
    n = 0
    for text, found in zip(lines, predict_entities(lines), strict=True):
        for e in found:
            assert text[e["start"] : e["end"]] == e["text"]
            assert e["label"] in {"PERSON", "ORG", "PLACE", "TITLE"}
            n += 1
    assert n > 20  # real news text is full of names, bodies and titles


def test_half_width_punctuation_does_not_shift_offsets() -> None:
    text = "2月10日上午,开发区召开推进会。市委书记张利出席会议,市委副书记郑志明主持会议。"
    assert len(normalise_text(text)) == len(text)
    found = ents(text)
    for e in found:
        assert text[e["start"] : e["end"]] == e["text"]
    assert {"张利", "郑志明"} <= {e["text"] for e in found if e["label"] == "PERSON"}


def run_cli(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys) -> list[dict]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_cli_stdin(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    text = f"{SENT_PERSON}\n\n{SENT_COMPANY}\n"
    rows = run_cli(["ner", "-"], text, monkeypatch, capsys)
    assert [r["text"] for r in rows] == [SENT_PERSON, "", SENT_COMPANY]
    assert rows[1]["entities"] == []
    for r in rows:
        for e in r["entities"]:
            assert r["text"][e["start"] : e["end"]] == e["text"]
    assert any(e["text"] == "杜建桥" for e in rows[0]["entities"])


def test_cli_jsonl_keeps_fields(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    text = " 市委书记张利出席会议,\t市委副书记郑志明主持会议。"  # leading space and a tab are kept
    src.write_text(json.dumps({"id": 7, "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = run_cli(["ner", "--jsonl", str(src)], "", monkeypatch, capsys)
    assert rows[0]["id"] == 7 and rows[0]["text"] == text
    for e in rows[0]["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    assert "张利" in {e["text"] for e in rows[0]["entities"]}


def test_org_kind() -> None:
    assert org_kind("广东英联包装股份有限公司") == "company"
    assert org_kind("高邮市人民政府") == "government"
    assert org_kind("市发展和改革委员会") == "government"
    assert org_kind("中共高邮市委") == "party"
    assert org_kind("市委组织部") == "party"
    assert org_kind("南京大学") == "research"
    assert org_kind("红十字会") == "other"


def test_component_in_character_pipeline() -> None:
    import kg.nlp.ner  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")  # character segmenter, as in the rule pipeline
    nlp.add_pipe("zh_ner_model")
    doc = nlp(f"{SENT_PERSON}\n{SENT_COMPANY}")
    spans = doc.spans["ner"]
    assert not doc.ents
    assert ("杜建桥", "PERSON") in {(s.text, s.label_) for s in spans}
    company = [s for s in spans if s.text == "广东英联包装股份有限公司"]
    assert company and company[0].start_char == len(SENT_PERSON) + 1 + SENT_COMPANY.index("广东")
    docs = list(nlp.pipe([SENT_PERSON, "", SENT_COMPANY], batch_size=2))
    assert [len(d.spans["ner"]) > 0 for d in docs] == [True, False, True]


# --- corpus formats: real lines of each data set --------------------------------------------------

CLUENER_LINE = (
    '{"text": "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。'
    '叶老桂认为，对目前国内商业银行而言，", '
    '"label": {"name": {"叶老桂": [[9, 11],[32, 34]]}, "company": {"浙商银行": [[0, 3]]}}}\n'
)
PD_LINE = (
    "１２月/t  ３１日/t  ，/w  中共中央/nt  总书记/n  、/w  国家/n  主席/n  江/nr  泽民/nr  发表/v  "
    "１９９８年/t  新年/t  讲话/n  。/w  （/w  新华社/nt  记者/n  兰/nr  红光/nr  摄/Vg  ）/w\n"
    "是/v  华北/ns  电力/n  集团公司/n  和/c  北京/ns  的/u\n"
)
WEIBO_LINES = "我0\tO\n在0\tO\n北0\tB-GPE.NAM\n京1\tI-GPE.NAM\n见0\tO\n老0\tB-PER.NOM\n师1\tI-PER.NOM\n\n"
RESUME_LINES = (
    "高 B-NAME\n勇 E-NAME\n： O\n男 O\n， O\n中 B-CONT\n国 M-CONT\n国 M-CONT\n籍 E-CONT\n\n"
    "任 O\n董 B-TITLE\n事 M-TITLE\n长 E-TITLE\n\n"
)


def labelled(rec: corpora.Record) -> list[tuple[str, str]]:
    return [(rec.text[s:e], lab) for s, e, lab in rec.spans]


def test_cluener_mapping(tmp_path: Path) -> None:
    f = tmp_path / "train.json"
    f.write_text(CLUENER_LINE, encoding="utf-8")
    (rec,) = corpora.read_cluener(f)
    assert labelled(rec) == [("浙商银行", "ORG"), ("叶老桂", "PERSON"), ("叶老桂", "PERSON")]
    assert ("浙商银行" in rec.text) and (0, 4, "company") in rec.orig


def test_peoples_daily_mapping(tmp_path: Path) -> None:
    f = tmp_path / "pd.txt"
    f.write_text(PD_LINE, encoding="utf-8")
    first, second = corpora.read_peoples_daily(f, title_words={"主席"})
    assert first.text.startswith("12月31日，")  # full-width digits → half width
    assert labelled(first) == [("江泽民", "PERSON"), ("兰红光", "PERSON")]
    unknown = [first.text[s:e] for s, e in first.missing]
    assert unknown == ["中共中央总书记", "国家主席", "新华社记者"]
    # 华北 heads an unbracketed company name: unknown, not PLACE; 北京 alone is a PLACE
    assert labelled(second) == [("北京", "PLACE")]
    assert [second.text[s:e] for s, e in second.missing] == ["华北电力集团公司"]


def test_weibo_mapping(tmp_path: Path) -> None:
    f = tmp_path / "weibo.conll"
    f.write_text(WEIBO_LINES, encoding="utf-8")
    (rec,) = corpora.read_weibo(f)
    assert rec.text == "我在北京见老师"
    assert labelled(rec) == [("北京", "PLACE")]
    assert [rec.text[s:e] for s, e in rec.missing] == ["老师"]


def test_resume_mapping(tmp_path: Path) -> None:
    f = tmp_path / "resume.bmes"
    f.write_text(RESUME_LINES, encoding="utf-8")
    first, second = corpora.read_resume(f)
    assert labelled(first) == [("高勇", "PERSON")]  # CONT (nationality) is not a zhkg label
    assert labelled(second) == [("董事长", "TITLE")]


def test_converter_smoke(tmp_path: Path) -> None:
    f = tmp_path / "pd.txt"
    f.write_text(PD_LINE, encoding="utf-8")
    recs = list(corpora.read_peoples_daily(f, title_words={"主席"}))
    nlp = tokenizer_nlp(MODEL_DIR / "config.cfg")
    out = tmp_path / "train.spacy"
    assert write_docbin(nlp, recs, out) == 2
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert [(e.text, e.label_) for e in docs[0].ents] == [("江泽民", "PERSON"), ("兰红光", "PERSON")]
    assert "" in {t.ent_iob_ for t in docs[1]}  # unknown region stays missing, not "O"


def test_heldout_split_is_deterministic() -> None:
    assert corpora.is_heldout("abc") == corpora.is_heldout("abc")
    share = sum(corpora.is_heldout(str(i)) for i in range(5000)) / 5000
    assert 0.07 < share < 0.13


def test_load_model_cached() -> None:
    assert load_model() is load_model()
