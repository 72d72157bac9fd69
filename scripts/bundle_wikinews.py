"""Make src/storyline/examples/wikinews.jsonl from the SemEval-2015 Task 4 Wikinews TimeML files.

Run once by a maintainer (needs ``pip install nltk`` for its Treebank detokenizer); the product
only reads the JSONL it writes. For each of the four threads it keeps the articles of the densest
365-day window (at most ``--per-thread``), so the demo shows several real stories.

    python scripts/bundle_wikinews.py ../shared/data/wikinews --per-thread 10

The articles are CC BY 3.0 (Wikinews; annotations FBK, VUA, EHU); the attribution goes with them
in src/storyline/examples/LICENSE-wikinews.txt.
"""

from __future__ import annotations

import argparse
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from nltk.tokenize.treebank import TreebankWordDetokenizer

_DETOK = TreebankWordDetokenizer()


def detokenize(tokens: str) -> str:
    text = _DETOK.detokenize(tokens.split())
    text = re.sub(r"\s+([.,;:!?%])", r"\1", text)
    text = re.sub(r"\$\s+(?=\d)", "$", text)
    return text.replace(" n't", "n't").replace(" '", "'")


def read(path: Path) -> dict | None:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3").get("value")
    title = (root.findtext("EXTRAINFO") or "").strip()
    sentences = [detokenize("".join(s.itertext())) for s in root.find("TEXT").findall("s")]
    if sentences and sentences[0] == detokenize(title):
        sentences = sentences[1:]  # the title repeated as the first line
    doc_id = root.findtext("DOCID")
    slug = title.replace(" ", "_")
    return {
        "id": f"wikinews/{doc_id}",
        "title": detokenize(title),
        "text": "\n".join(sentences),
        "published": dct,
        "source": "Wikinews",
        "url": f"https://en.wikinews.org/wiki/{slug}",
    }


def _day(value: str) -> int | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    return date(*map(int, m.groups())).toordinal() if m else None


def densest(records: list[dict], limit: int) -> list[dict]:
    dated = sorted((r for r in records if _day(r["published"])), key=lambda r: (r["published"], r["id"]))
    best: list[dict] = []
    for i, r in enumerate(dated):
        window = [x for x in dated[i:] if _day(x["published"]) - _day(r["published"]) <= 365]
        if len(window) > len(best):
            best = window
    return best[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wikinews", type=Path)
    parser.add_argument("--per-thread", type=int, default=10)
    parser.add_argument("--output", type=Path, default=Path("src/storyline/examples/wikinews.jsonl"))
    args = parser.parse_args()
    out = []
    for thread in sorted(p for p in args.wikinews.iterdir() if p.is_dir()):
        records = [read(p) for p in sorted(thread.glob("*.tml"))]
        out.extend(densest([r for r in records if r], args.per_thread))
    args.output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(json.dumps({"articles": len(out), "output": str(args.output)}))


if __name__ == "__main__":
    main()
