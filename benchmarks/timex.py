"""Temporal tagging on TimeML (TimeBank and AQUAINT): relaxed span F1, value F1 and speed.

    python benchmarks/timex.py ../shared/data/timeml [--errors FILE]

Each document's creation time (the TIMEX3 with functionInDocument="CREATION_TIME") is given to the
tagger as the publication date. A predicted expression matches a gold one when their spans overlap
(one-to-one, TempEval-3's relaxed match); value F1 counts a match only when the values are equal
(precision over all predictions, recall over all gold expressions). Speed is the tagger alone, in
words per second on one core. The last line printed is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from storyline.annotate.timex import tag
from storyline.ingest.published import parse_published
from storyline.model import PublishedDate


def read_timeml(path: Path) -> tuple[str, PublishedDate, list[dict]]:
    """Plain text of <TEXT>, the creation date, and the gold TIMEX3s with offsets into the text."""
    root = ET.parse(path).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = t.get("value")
            break
    published = parse_published((dct or "")[:10]) or PublishedDate.unknown()
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[dict] = []

    def walk(el, pos: int) -> int:
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            start = pos
            pos = walk(child, pos)
            if child.tag == "TIMEX3":
                gold.append({"start": start, "end": pos, "type": child.get("type"), "value": child.get("value")})
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        return pos

    walk(text_el, 0)
    return "".join(parts), published, gold


def match(pred: list, gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) of overlapping spans, largest overlap first."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            overlap = min(p.end, g["end"]) - max(p.start, g["start"])
            if overlap > 0:
                pairs.append((-overlap, i, j))
    used_p, used_g, out = set(), set(), []
    for _, i, j in sorted(pairs):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("timeml", type=Path, help="folder with TimeML .tml files (searched recursively)")
    parser.add_argument("--errors", type=Path, help="write every miss, false alarm and wrong value here (TSV)")
    args = parser.parse_args()
    files = sorted(args.timeml.rglob("*.tml"))
    if not files:
        sys.exit(f"error: {args.timeml}: no .tml files")
    n_pred = n_gold = n_span = n_value = 0
    words = 0
    seconds = 0.0
    errors: list[str] = []
    by_type: dict[str, list[int]] = {}
    for path in files:
        text, published, gold = read_timeml(path)
        words += len(text.split())
        t0 = time.perf_counter()
        pred = tag(text, published)
        seconds += time.perf_counter() - t0
        pairs = match(pred, gold)
        n_pred += len(pred)
        n_gold += len(gold)
        n_span += len(pairs)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, j in pairs:
            ok = pred[i].value == gold[j]["value"]
            n_value += ok
            stats = by_type.setdefault(gold[j]["type"], [0, 0, 0])
            stats[1] += 1
            stats[2] += ok
            if not ok:
                errors.append(f"value\t{path.name}\t{text[gold[j]['start']:gold[j]['end']]!r}\tgold={gold[j]['value']}\t"
                              f"pred={pred[i].value}\t{pred[i].text!r}\t{published.value}")
        for j, g in enumerate(gold):
            by_type.setdefault(g["type"], [0, 0, 0])[0] += 1
            if j not in matched_g:
                ctx = text[max(0, g["start"] - 40):g["end"] + 40].replace("\n", " ")
                errors.append(f"miss\t{path.name}\t{text[g['start']:g['end']]!r}\tgold={g['value']}\t\t{ctx!r}\t{published.value}")
        for i, p in enumerate(pred):
            if i not in matched_p:
                ctx = text[max(0, p.start - 40):p.end + 40].replace("\n", " ")
                errors.append(f"false\t{path.name}\t{p.text!r}\t\tpred={p.value}\t{ctx!r}\t{published.value}")
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    sp, sr = n_span / max(n_pred, 1), n_span / max(n_gold, 1)
    vp, vr = n_value / max(n_pred, 1), n_value / max(n_gold, 1)
    print(json.dumps({
        "documents": len(files),
        "gold": n_gold,
        "predicted": n_pred,
        "span_precision": round(sp, 4), "span_recall": round(sr, 4), "span_f1": round(f1(sp, sr), 4),
        "value_precision": round(vp, 4), "value_recall": round(vr, 4), "value_f1": round(f1(vp, vr), 4),
        "value_accuracy_by_type": {k: round(v[2] / max(v[1], 1), 3) for k, v in sorted(by_type.items())},
        "words": words,
        "words_per_second": round(words / seconds),
    }))


if __name__ == "__main__":
    main()
