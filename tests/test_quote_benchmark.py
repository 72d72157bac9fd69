"""The quote benchmark's scorer: storyline's quotes read as PolNeAR attributions."""

import sys
from pathlib import Path

from storyline.model import Quote

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from quotes import attributions, score  # noqa: E402

TEXT = "Jones said that Smith had told him the plan would never work. Lee said it was fine."


def _quote(content: str, cue: str, speaker: str, after: int = 0) -> Quote:
    s, c, p = (TEXT.index(x, after) for x in (content, cue, speaker))
    return Quote("a", s, s + len(content), content, c, c + len(cue), cue, p, p + len(speaker), speaker, speaker,
                 direct=False)


OUTER = _quote("Smith had told him the plan would never work", "said", "Jones")
INNER = _quote("the plan would never work", "told", "Smith")
LEE = _quote("it was fine", "said", "Lee", after=40)


def _gold(*contents: str, source: str = "Jones") -> list[dict]:
    return [{"content": [(TEXT.index(c), TEXT.index(c) + len(c))],
             "source": [(TEXT.index(source), TEXT.index(source) + len(source))], "cue": []} for c in contents]


def test_a_quote_inside_another_is_part_of_it_as_polnear_annotates():
    assert [a[2] for a in attributions([OUTER, INNER, LEE])] == [OUTER, LEE]
    assert [a[2] for a in attributions([OUTER, INNER, LEE], univocal=False)] == [OUTER, INNER, LEE]
    gold = _gold("Smith had told him the plan would never work")
    assert score(TEXT, gold, [OUTER, INNER]) == {"gold": 1, "predicted": 1, "content": 1, "speaker": 1}
    assert score(TEXT, gold, [OUTER, INNER], univocal=False)["predicted"] == 2


def test_quotes_sharing_a_cue_are_one_attribution():
    first = _quote("Smith had told him", "said", "Jones")
    second = _quote("the plan would never work", "said", "Jones")
    (content, speaker, _), = attributions([first, second])
    assert [TEXT[s:e] for s, e in content] == ["Smith had told him", "the plan would never work"]
    assert TEXT[speaker[0]:speaker[1]] == "Jones"
