"""The DUC benchmark: topics, human summaries by topic and ROUGE-1.5.5-style recall, end to end on a tiny set."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from duc import main, models_for, read_topics, recall  # noqa: E402
from rouge_score.tokenizers import DefaultTokenizer  # noqa: E402

TOKENIZER = DefaultTokenizer(use_stemmer=True)


def test_recall_clips_matches_and_sums_over_references():
    peer = "The cats sat on the mat."
    assert recall(peer, ["the cat sat on a mat"], 2, TOKENIZER) == pytest.approx(3 / 5)  # stems: cats = cat
    assert recall(peer, ["the cat sat on a mat", "A dog ran."], 2, TOKENIZER) == pytest.approx(3 / 7)
    assert recall(peer, ["the the the"], 1, TOKENIZER) == pytest.approx(2 / 3)  # "the" twice in the peer, at most
    assert recall(peer, [], 2, TOKENIZER) == 0.0


def _doc(docno: str, text: str) -> str:
    return f"<DOC>\n<DOCNO> {docno} </DOCNO>\n<DATE_TIME> 1999-04-21 </DATE_TIME>\n<TEXT>\n<P>\n{text}\n</P>\n</TEXT>\n</DOC>\n"


def test_a_tiny_duc_set_end_to_end(tmp_path, capsys):
    docs, models = tmp_path / "docs", tmp_path / "models"
    for topic, subject in (("D0701A", "flood barrier"), ("D0702B", "harbour strike")):
        (docs / topic).mkdir(parents=True)
        for n in range(3):
            (docs / topic / f"APW1999042{n}.000{n}").write_text(_doc(
                f"APW1999042{n}.000{n}",
                f"Officials said the {subject} was the main news of the week in the port city. "
                f"Report {n} added that engineers and workers met on Tuesday to talk about the {subject}."))
    (models).mkdir()
    (models / "D0701.M.250.A.A").write_text("The flood barrier was the main news of the week.\n")
    (models / "D0701.M.250.A.B").write_text("Engineers met to talk about the flood barrier.\n")
    (models / "D0702.M.250.B.C").write_text("The harbour strike was the main news.\n")
    topics = tmp_path / "topics.sgml"
    topics.write_text("<topic>\n<num> D0701A </num>\n<title> Flood barrier </title>\n<narr>\nDescribe the flood "
                      "barrier.\n</narr>\n</topic>\n<topic>\n<num> D0702B </num>\n<title> Harbour strike </title>\n"
                      "<narr> Discuss the strike. </narr>\n</topic>\n")
    assert read_topics(topics)["D0702B"] == "Harbour strike Discuss the strike."
    assert [p.name for p in models_for("D0701A", models)] == ["D0701.M.250.A.A", "D0701.M.250.A.B"]
    result = main([str(docs), str(topics), str(models), "--words", "30"])
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == result
    assert result["topics"] == 2 and result["words"] == 30
    assert 0.3 < result["rouge_2_recall"] <= 1.0 and result["rouge_1_recall"] >= result["rouge_2_recall"]
