"""A real `storyline watch` process: SIGTERM stops it cleanly, and started again it adds nothing twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from storefile import count, integrity
from websites import Site, rss, teaser_item, xml

pytestmark = pytest.mark.slow


def _watch(db, url, *options):
    return subprocess.Popen([sys.executable, "-m", "storyline", "watch", url, "--db", str(db), "--delay", "0",
                             "--processes", "1", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigterm_stops_cleanly_and_a_rerun_adds_nothing_twice(tmp_path):
    site = Site()
    try:
        site.routes["/feed.rss"] = xml(rss([teaser_item(site, n) for n in range(2)]))
        db = tmp_path / "watch.db"
        proc = _watch(db, site.url("/feed.rss"), "--every", "0.2s")
        deadline = time.time() + 120
        while (count(db, "SELECT count(*) FROM runs WHERE status='done'") < 1  # cycle 1 built
               and proc.poll() is None and time.time() < deadline):
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.5)  # a cycle or two more: the feed is fetched again, nothing is new
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "cycle 1: 2 new articles" in err and "stopped" in err.splitlines()[-1]
        assert integrity(db) == "ok"
        assert count(db, "SELECT count(*) FROM articles WHERE annotated_version IS NOT NULL") == 2
        pages = site.count("/a/0.html") + site.count("/a/1.html")
        assert pages == 2

        again = _watch(db, site.url("/feed.rss"), "--once")
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        assert "cycle 1: 0 new articles, 0 stories changed, 0 rejected" in err
        assert site.count("/a/0.html") + site.count("/a/1.html") == pages
        assert count(db) == 2
    finally:
        site.close()
