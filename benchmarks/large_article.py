"""The cost of one very long article: `storyline build` time and peak memory against its length.

    python benchmarks/large_article.py ../shared/data/t17 [--sizes 1,2,5]

For each size (in MB), a fresh store gets the two seed articles and one article of that many
characters (Timeline17 articles one after another, as a digest or a transcript would be), then
`storyline build` runs with the default options in its own process, its memory sampled. Prints one
final JSON line: per size, the seconds, peak memory (all processes), the time by stage, and whether
the long article was annotated or rejected.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from memory import run_measured

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def long_text(t17: Path, chars: int) -> str:
    parts, total = [], 0
    for path in sorted(t17.glob("*/InputDocs/*/*")):
        text = path.read_text(errors="replace").strip()
        if text:
            parts.append(text)
            total += len(text) + 2
        if total >= chars:
            break
    if total < chars:
        sys.exit(f"error: {t17}: not enough text for {chars:,} characters")
    return "\n\n".join(parts)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (its articles make the long text)")
    parser.add_argument("--sizes", default="1,2,5", help="article sizes in MB (10^6 characters), comma-separated")
    args = parser.parse_args()
    results = {}
    for size in [float(s) for s in args.sizes.split(",")]:
        folder = Path(tempfile.mkdtemp())
        try:
            chars = int(size * 1_000_000)
            (folder / "long.jsonl").write_text(json.dumps({"id": "long", "text": long_text(args.t17, chars)}) + "\n")
            db = folder / "s.db"
            storyline = [sys.executable, "-m", "storyline"]
            subprocess.run([*storyline, "add", str(SEEDS), str(folder / "long.jsonl"), "--db", str(db),
                            "--max-size", f"{int(size + 2)}MB", "--quiet"], check=True, capture_output=True)
            output, _, seconds, peak = run_measured([*storyline, "build", "--db", str(db), "--quiet"])
            lines = output.strip().splitlines()
            results[f"{size:g}MB"] = {
                "characters": chars,
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(peak, 1),
                "stages": [line.strip() for line in lines if line.startswith("  ")],
                "rejected": [line for line in lines if line.startswith("rejected")],
                "result": lines[-1] if lines else "",
            }
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
