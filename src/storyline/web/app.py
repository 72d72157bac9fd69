"""The web app: the report's pages served live from the store, and the same data as JSON.

Read-only: each request opens the store (WAL, so it reads while ``build`` writes and never takes a
write lock) and only reads. Unknown ids get a 404 page (or a JSON error under /api). ``?since=``
on the story list and a story page gives their "new since" view; ``/feed.atom`` is the Atom feed
of updated stories.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..changes import parse_since
from ..render import context
from ..render.feed import atom_feed
from ..render.html import AppLinks, environment, script_hash
from ..store import open_store


def create_app(db: str | Path) -> FastAPI:
    """The app over the store at ``db`` (which must exist)."""
    db = str(db)
    env = environment()
    links = AppLinks()
    csp = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src {script_hash(env)}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    app = FastAPI(title="storyline", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")

    def read(build, *args):
        store = open_store(db)
        try:
            with store.snapshot():
                return build(store, *args)
        finally:
            store.close()

    def page(kind: str, title: str, data: dict | None = None, status: int = 200, **extra) -> HTMLResponse:
        html = env.get_template("page.html.j2").render(kind=kind, title=title, data=data, links=links, **extra)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": csp})

    def missing(what: str, ident: str) -> HTMLResponse:
        return page("error", "Not found", status=404, message=f"No {what} with id {ident!r} in this store.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)
        return page("error", "Not found" if exc.status_code == 404 else "Error", status=exc.status_code,
                    message=str(exc.detail))

    def api_missing(what: str, ident: str) -> JSONResponse:
        return JSONResponse({"error": f"no {what} with id {ident!r}"}, status_code=404)

    def when(since: str | None) -> str | None:
        """``?since=`` as a store time (an empty form field is none); a bad value is a 400 naming it."""
        if not since:
            return None
        try:
            return parse_since(since, "since")
        except ValueError as exc:
            raise StarletteHTTPException(400, str(exc)) from None

    Since = Query(None, description="only what changed since: an ISO date or time (UTC unless it has a zone) "
                                    "or an age (30m, 2h, 1d, 1w)")

    # ------------------------------------------------------------------ JSON API

    # "from" and "to" are not Python names: the date filters arrive under those aliases.
    From = Query(None, alias="from", description="first day (or month, year) of the stories' span")
    To = Query(None, alias="to", description="last day (or month, year) of the stories' span")

    @app.get("/api/stories")
    def api_stories(entity: str | None = None, outlet: str | None = None, date_from: str | None = From,
                    date_to: str | None = To, sort: str = "articles", since: str | None = Since):
        return read(context.story_list_page, entity, outlet, date_from, date_to, sort, when(since))

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str, since: str | None = Since):
        return read(context.story_page, story_id, when(since)) or api_missing("story", story_id)

    @app.get("/api/articles/{article_id:path}")
    def api_article(article_id: str):
        return read(context.article_page, article_id) or api_missing("article", article_id)

    @app.get("/api/entities/{entity_id}")
    def api_entity(entity_id: str):
        return read(context.entity_page, entity_id) or api_missing("entity", entity_id)

    @app.get("/api/search")
    def api_search(q: str = ""):
        return read(context.search_page, q)

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse)
    def stories(entity: str | None = None, outlet: str | None = None, date_from: str | None = From,
                date_to: str | None = To, sort: str = "articles", since: str | None = Since):
        return page("stories", "Stories", read(context.story_list_page, entity, outlet, date_from, date_to, sort,
                                               when(since)))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(story_id: str, since: str | None = Since):
        data = read(context.story_page, story_id, when(since))
        return page("story", data["title"], data) if data else missing("story", story_id)

    @app.get("/feed.atom")
    def feed(request: Request):
        return Response(read(atom_feed, str(request.base_url)), media_type="application/atom+xml; charset=utf-8")

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article(article_id: str):
        data = read(context.article_page, article_id)
        return page("article", data["title"] or data["id"], data) if data else missing("article", article_id)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity(entity_id: str):
        data = read(context.entity_page, entity_id)
        return page("entity", data["name"], data) if data else missing("entity", entity_id)

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = ""):
        return page("search", f"Search: {q}", read(context.search_page, q), q=q)

    return app
