"""Everything the story stages read, loaded once from the store and indexed by article."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Article, Mention, Sentence, Timex


@dataclass
class Corpus:
    articles: list[Article]  # publication order, unknown dates last
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    timexes: dict[str, list[tuple[str, Timex]]] = field(default_factory=dict)

    @classmethod
    def build(cls, articles, sentences, mentions, timexes) -> "Corpus":
        by_sent, by_mention, by_timex = defaultdict(list), defaultdict(list), defaultdict(list)
        for s in sentences:
            by_sent[s.article_id].append(s)
        for m in mentions:
            by_mention[m.article_id].append(m)
        for article_id, fld, t in timexes:
            by_timex[article_id].append((fld, t))
        return cls(list(articles), dict(by_sent), dict(by_mention), dict(by_timex))

    def subset(self, article_ids) -> "Corpus":
        """The corpus of some of its articles (in the same order): what one story's stages read."""
        keep = sorted(set(article_ids), key=self._position.__getitem__)
        return Corpus([self._index[k] for k in keep],
                      {k: self.sentences[k] for k in keep if k in self.sentences},
                      {k: self.mentions[k] for k in keep if k in self.mentions},
                      {k: self.timexes[k] for k in keep if k in self.timexes})

    def article(self, article_id: str) -> Article:
        return self._index[article_id]

    def __post_init__(self) -> None:
        self._index = {a.id: a for a in self.articles}
        self._position = {a.id: i for i, a in enumerate(self.articles)}

    def sentence_text(self, s: Sentence) -> str:
        a = self._index[s.article_id]
        return (a.text if s.field == "text" else a.captions)[s.start:s.end]
