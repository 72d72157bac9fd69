"""Page load times of the web app on a synthetic store of 5,000 articles.

    python benchmarks/web_pages.py /tmp/web-5000.db [--articles 5000] [--repeat 5]

Writes the synthetic store (benchmarks/synthetic_store.py: rows inserted directly, no spaCy) at the
path given unless it is already there, then requests each page and its JSON through the real app
(FastAPI's in-process client: routing, store reads, templates) and reports the median and worst
seconds per page. The last line printed is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_store import build_synthetic_store  # noqa: E402

from storyline.web import create_app  # noqa: E402


def page_urls(info: dict) -> dict[str, str]:
    return {
        "story list": "/",
        "story list filtered": f"/?entity={info['sample_entity']}&sort=newest",
        f"largest story ({info['largest_story_articles']} articles)": f"/stories/{info['largest_story']}",
        "median story": f"/stories/{info['sample_story']}",
        "article": f"/articles/{info['sample_article']}",
        "entity (most mentioned)": f"/entities/{info['sample_entity']}",
        "search": f"/search?q={info['search_word']}",
        "api story list": "/api/stories",
        "api largest story": f"/api/stories/{info['largest_story']}",
    }


def measure(db: str, info: dict, repeat: int) -> dict[str, dict]:
    client = TestClient(create_app(db))
    out = {}
    for name, url in page_urls(info).items():
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200, (url, response.status_code)
        out[name] = {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4),
                     "bytes": len(response.content)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="the synthetic store to write (or reuse)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    info_path = Path(args.db + ".json")
    if Path(args.db).exists() and info_path.exists():
        info, seconds = json.loads(info_path.read_text()), None
    else:
        t = time.perf_counter()
        info = build_synthetic_store(args.db, args.articles)
        seconds = round(time.perf_counter() - t, 2)
        info_path.write_text(json.dumps(info))
    pages = measure(args.db, info, args.repeat)
    for name, figures in pages.items():
        print(f"{name:<40} median {figures['median_s']:.3f}s  max {figures['max_s']:.3f}s  {figures['bytes']:,} bytes")
    print(json.dumps({"articles": info["articles"], "stories": info["stories"], "store_written_s": seconds,
                      "pages": pages, "slowest_median_s": max(p["median_s"] for p in pages.values())}))


if __name__ == "__main__":
    main()
