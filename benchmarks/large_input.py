"""`storyline add` of one large JSONL file: time and peak memory, with a broken line and an over-long record.

    python benchmarks/large_input.py ../shared/data/t17 [--gb 1.0] [--tmp /tmp]

Writes (in a temporary folder, removed afterwards) a JSONL file of about ``--gb`` gigabytes made of
the Timeline17 articles under new ids, with one broken line a third of the way in and one record
over the default 20 MB article limit two thirds in; runs the `storyline add` command on it as a
user would, sampling the command's memory, and prints one final JSON line: records written,
articles stored, the rejections (line and reason), seconds and peak memory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from memory import run_measured

OVER_LONG = 30_000_000  # characters: over the default 20 MB limit for one article


def articles(t17: Path) -> list[dict]:
    """Every Timeline17 article as a JSONL record (text, publication day from its folder)."""
    out = []
    for path in sorted(t17.glob("*/InputDocs/*/*")):
        if path.is_file():
            out.append({"id": f"{path.parts[-4]}/{path.parts[-2]}/{path.name}", "published": path.parts[-2],
                        "text": path.read_text(errors="replace")})
    return out


def write_jsonl(path: Path, records: list[dict], size: int) -> tuple[int, int, int]:
    """The file, about ``size`` bytes; returns (lines, broken line number, over-long line number)."""
    line = broken = over_long = 0
    written, copy = 0, 0
    with path.open("w") as f:
        while written < size:
            copy += 1
            for r in records:
                line += 1
                if not broken and written > size / 3:
                    text, broken = '{"id": "broken", "text": "cut here\n', line
                elif not over_long and written > 2 * size / 3:
                    text, over_long = json.dumps({"id": "over-long", "text": "word " * (OVER_LONG // 5)}) + "\n", line
                else:
                    text = json.dumps({**r, "id": f"{copy}:{r['id']}"}) + "\n"
                f.write(text)
                written += len(text)
                if written >= size:
                    break
    return line, broken, over_long


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--gb", type=float, default=1.0, help="size of the file to write")
    parser.add_argument("--tmp", type=Path, default=None, help="where to write it (default: the system's)")
    args = parser.parse_args()
    records = articles(args.t17)
    if not records:
        sys.exit(f"error: {args.t17}: no */InputDocs/*/* files (is this the Timeline17 folder?)")
    folder = Path(tempfile.mkdtemp(dir=args.tmp))
    try:
        path = folder / "large.jsonl"
        lines, broken, over_long = write_jsonl(path, records, int(args.gb * (1 << 30)))
        command = [sys.executable, "-m", "storyline", "add", str(path), "--db", str(folder / "s.db"), "--quiet"]
        output, status, seconds, peak = run_measured(command)
        print(output.strip())
        rejected = [line for line in output.splitlines() if line.startswith("rejected ")]
        print(json.dumps({
            "file_bytes": path.stat().st_size,
            "lines": lines,
            "broken_line": broken,
            "over_long_line": over_long,
            "exit_code": status,
            "rejections": rejected,
            "summary": output.strip().splitlines()[-1] if output.strip() else "",
            "seconds": round(seconds, 1),
            "lines_per_second": round(lines / seconds, 1),
            "peak_rss_mb": round(peak, 1),
        }))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
