"""The timeline's learnt date-importance model: its features are counted from the story, its
standardisation is within the story, and the shipped model reads the package file."""

import json

import numpy as np
import pytest

from storyline import Collection
from storyline.ingest.article import make_article
from storyline.stories import date_importance
from storyline.stories.date_importance import FEATURES, DateModel, date_features, model_in_use, within_story
from storyline.stories.sentences import timexes_by_sentence


def _collection(*items):
    return Collection.of([make_article(id=aid, raw_text=text, origin=aid, format="jsonl", published=published,
                                       source=aid.split("-")[0]) for aid, published, text in items])


def _features(collection):
    corpus, ss = collection.corpus, collection.sentences()
    return date_features(corpus, ss, timexes_by_sentence(corpus, ss), collection.config,
                         ("2010-03-01", "2010-03-31"), lambda t: t.precision == "day")


def test_features_count_groups_hindsight_and_the_days_publications():
    collection = _collection(
        ("a-1", "2010-03-02", "Police said on 1 March that a bridge had closed for repairs in the north."),
        ("b-1", "2010-03-02", "Traffic was diverted on 1 March after the bridge closed, drivers said."),
        ("c-1", "2010-03-20", "The bridge that closed on 1 March reopened on 19 March, officials said."),
    )
    features = {key: dict(zip(FEATURES, values)) for key, values in _features(collection).items()}
    march_1, march_19 = features["2010-03-01"], features["2010-03-19"]
    assert march_1["log_groups"] == pytest.approx(np.log1p(3))
    assert march_1["log_hindsight_groups"] == pytest.approx(np.log1p(1))  # c-1, 19 days later
    assert march_1["log_published_day_after"] == pytest.approx(np.log1p(2))  # a-1 and b-1
    assert march_19["log_groups"] == pytest.approx(np.log1p(1))
    assert march_19["log_published_day_after"] == pytest.approx(np.log1p(1))  # c-1
    assert march_1["from_first"] == 0.0 and march_19["from_first"] == pytest.approx(18 / 31)


def test_standardising_within_the_story_ranks_a_small_and_a_big_story_alike():
    small = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    np.testing.assert_allclose(within_story(small), within_story(small * 10))
    assert not within_story(np.array([[5.0], [5.0]])).any()  # a constant column says nothing


def test_a_date_more_articles_refer_to_is_more_important(tmp_path):
    model = DateModel(mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES),
                      coefficients=(1.0,) + (0.0,) * (len(FEATURES) - 1), intercept=0.0)
    path = tmp_path / "model.json"
    model.save(path)
    assert DateModel.load(path.read_text()) == model
    p = model.probabilities({"2010-03-01": [np.log1p(3)] + [0.0] * 7, "2010-03-05": [np.log1p(1)] + [0.0] * 7})
    assert p["2010-03-01"] > 0.5 > p["2010-03-05"]
    with model_in_use(model):
        assert date_importance.importance({"x": [1.0] * 8, "y": [0.0] * 8}) == model.probabilities({"x": [1.0] * 8, "y": [0.0] * 8})


def test_the_shipped_model_loads_and_counts_references_for_a_date():
    shipped = DateModel.load((date_importance.resources.files("storyline.stories") / date_importance.MODEL).read_text())
    assert shipped.coefficients[FEATURES.index("log_groups")] > 0


def test_a_model_file_for_other_features_is_refused():
    data = {"features": ["log_groups"], "mean": [0], "scale": [1], "coefficients": [1], "intercept": 0}
    with pytest.raises(ValueError, match="features"):
        DateModel.load(json.dumps(data))
