"""Pages of a 5,000-article store load in under a second (benchmarks/web_pages.py measures the same pages)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from synthetic_store import build_synthetic_store  # noqa: E402
from web_pages import page_urls  # noqa: E402

from storyline.web import create_app  # noqa: E402


def test_pages_of_a_5000_article_store_load_in_under_a_second(tmp_path):
    db = tmp_path / "big.db"
    info = build_synthetic_store(str(db), 5000)
    assert info["articles"] == 5000 and info["largest_story_articles"] > 100
    client = TestClient(create_app(db))
    for name, url in page_urls(info).items():
        client.get(url)  # warm: first-request template compilation is not a page load
        t = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - t
        assert response.status_code == 200, url
        assert seconds < 1.0, f"{name} ({url}) took {seconds:.2f}s"
    search = client.get("/api/search", params={"q": info["search_word"]}).json()
    assert search["sentences"] and all(any(p["hit"] for p in s["snippet"]) for s in search["sentences"])
