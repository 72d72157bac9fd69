"""The data a page shows, built from the store: stories with their citations resolved to the
cited text, numbered per story, ready for a template."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..export import quotes_by_speaker
from ..model import Article, Citation, Event, Story
from ..store import Store


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever put in an href."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


@dataclass
class SourceView:
    number: int
    article: Article
    url: str | None
    snippets: list[str] = field(default_factory=list)


@dataclass
class StoryView:
    story: Story
    sources: list[SourceView]
    number_of: dict[str, int]
    outlets: list[str]

    def cite(self, citations: tuple[Citation, ...]) -> list[tuple[int, str]]:
        """(source number, cited text) for each citation, in source order, one per article."""
        seen, out = set(), []
        for c in citations:
            n = self.number_of[c.article_id]
            if n not in seen:
                seen.add(n)
                out.append((n, self._text(c)))
        return sorted(out)

    def speakers(self) -> list[dict]:
        """The story's quotes grouped by speaker, the most quoted first (``export.quotes_by_speaker``)."""
        return quotes_by_speaker(self.story)

    def events(self) -> list[Event]:
        """The story's events by date (undated last), then by article and position."""
        return sorted(self.story.events, key=lambda e: (e.date is None, e.date or "", self.number_of.get(e.article_id, 0),
                                                        e.trigger_start))

    def _text(self, c: Citation) -> str:
        a = self.sources[self.number_of[c.article_id] - 1].article
        return (a.text if c.field == "text" else a.captions)[c.start:c.end]


def story_views(store: Store) -> list[StoryView]:
    views = []
    for story in store.stories():
        articles = [store.article(a) for a in story.article_ids]
        articles = [a for a in articles if a is not None]
        sources = [SourceView(i, a, safe_url(a.url)) for i, a in enumerate(articles, start=1)]
        view = StoryView(story, sources, {s.article.id: s.number for s in sources},
                         sorted({a.source for a in articles if a.source}))
        for entry in list(story.summary) + list(story.timeline):
            for c in entry.citations:
                snippet = view._text(c)
                src = sources[view.number_of[c.article_id] - 1]
                if snippet not in src.snippets:
                    src.snippets.append(snippet)
        views.append(view)
    return views
