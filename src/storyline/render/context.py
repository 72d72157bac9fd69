"""The data a page shows, built from the store: stories with their citations resolved to the
cited text, numbered per story, ready for a template."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, Citation, Story
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
