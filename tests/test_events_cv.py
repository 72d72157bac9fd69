"""The PLOVER cross-validation: its record folds, the trigger lexicon and the actor choice it learns
(on records written here, parsed by the real spaCy model), scored by benchmarks/events.py."""

import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from storyline.annotate import event_actor
from storyline.annotate.nlp import load_pipeline
from storyline.config import Config

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from events import parse, record_events, score  # noqa: E402
from events_cv import Setting, cross_validate, fit_actor, fold_of, learn_lexicon  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Config().spacy_model)


def _record(n: int, text: str, event: str, trigger: str, actor: str) -> dict:
    return {"id": f"T-{event}-{n:04d}", "date": "2001-05-02", "event": event, "text": text,
            "source": [{"actorText": actor}], "textInfo": {"markup": text.replace(trigger, f"(EVT: {trigger})", 1)}}


TRAIN = [
    _record(1, "Germany condemned the attack on Monday.", "DISAPPROVE", "condemned", "Germany"),
    _record(2, "The attack was condemned by France.", "DISAPPROVE", "condemned", "France"),
    _record(3, "Police arrested two protesters in Cairo.", "COERCE", "arrested", "Police"),
    _record(4, "Two protesters were arrested by police in Lagos.", "COERCE", "arrested", "police"),
    _record(5, "The army called off the offensive.", "CONCEDE", "called off", "army"),
    _record(6, "Russia condemned the decision of the court.", "DISAPPROVE", "condemned", "Russia"),
    _record(7, "Three journalists were arrested by Turkish soldiers.", "COERCE", "arrested", "Turkish"),
    _record(8, "The rebels called off the strike in the capital.", "CONCEDE", "called off", "rebels"),
]


def test_folds_are_balanced_spread_over_types_and_independent_of_file_order():
    records = [{"id": f"P-{t}-{n:04d}"} for t in ("AGREE", "FIGHT", "REJECT") for n in range(11)]
    folds = fold_of(records, 5)
    sizes = Counter(folds)
    assert sorted(sizes) == [0, 1, 2, 3, 4] and max(sizes.values()) - min(sizes.values()) <= 1
    for t in ("AGREE", "FIGHT", "REJECT"):  # 11 of a type: at least two in every fold
        assert min(Counter(f for r, f in zip(records, folds) if f"-{t}-" in r["id"]).values()) >= 2
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    by_id = dict(zip((r["id"] for r in records), folds))
    assert [by_id[r["id"]] for r in shuffled] == fold_of(shuffled, 5)


def test_a_learned_lexicon_knows_the_marked_words_and_no_others(nlp):
    lexicon = learn_lexicon([(parse(nlp, r), r) for r in TRAIN])
    assert lexicon.verbs == {"arrest": "COERCE", "condemn": "DISAPPROVE"}
    assert lexicon.phrases == {("call", "off"): "CONCEDE"}
    seen = _record(9, "Italy condemned the raid.", "DISAPPROVE", "condemned", "Italy")
    unseen = _record(10, "Italy denounced the raid.", "DISAPPROVE", "denounced", "Italy")
    events = [record_events(parse(nlp, r), r, lexicon) for r in (seen, unseen)]
    assert [[e.type for e in es] for es in events] == [["DISAPPROVE"], []]
    # storyline's own lists know both
    assert [e.type for e in record_events(parse(nlp, unseen), unseen)] == ["DISAPPROVE"]


def test_the_learned_actor_is_the_subject_or_the_passive_agent(nlp):
    model = fit_actor([(parse(nlp, r), r) for r in TRAIN])
    for text, actor in (("Spain condemned the verdict of the judges.", "Spain"),
                        ("The verdict was condemned by Spain.", "Spain")):
        record = _record(11, text, "DISAPPROVE", "condemned", actor)
        parsed = parse(nlp, record)
        [event] = record_events(parsed, record, actor_model=model)
        assert event.actor.text == actor


def test_cross_validation_scores_each_record_by_a_model_that_did_not_see_it(nlp):
    records = [*TRAIN, _record(12, "Iran boycotted the talks.", "PROTEST", "boycotted", "Iran")]
    parsed = [parse(nlp, r) for r in records]
    folds = [0, 1, 0, 1, 0, 2, 2, 1, 3]  # every word in two folds but "boycotted", alone in fold 3
    result = cross_validate(Setting("lexicon", learn_triggers=True), parsed, records, folds)
    assert result["fitted"]["correct"] == 9
    assert result["pooled"]["correct"] == 8 and result["folds"][3]["correct"] == 0
    assert [f["records"] for f in result["folds"]] == [3, 3, 2, 1]


def test_a_saved_actor_model_reads_back_and_chooses_alike(nlp, tmp_path):
    model = fit_actor([(parse(nlp, r), r) for r in TRAIN])
    model.save(tmp_path / "actor.json")
    loaded = event_actor.load(tmp_path / "actor.json")
    assert loaded.weights == model.weights and loaded.bias == model.bias
    doc = nlp("The verdict was condemned by Spain.")
    trigger = doc[3]
    assert loaded.choose(trigger).text == model.choose(trigger).text == "Spain"
    assert loaded.choose(nlp("Protests.")[0]) is None  # no other noun in the sentence
