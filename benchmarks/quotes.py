"""Quote attribution on PolNeAR (brat standoff): precision, recall and F1 of contents and speakers.

    python benchmarks/quotes.py ../shared/data/polnear/dev [--errors FILE]

Each article of ``text/`` is annotated as ``storyline annotate`` would (spaCy, repaired entity
mentions, then ``annotate.quotes``); the gold attributions are the ``E`` relations of
``attributions/*.ann`` (with or without a source). A predicted quote matches a gold attribution
(one-to-one, in text order) when their content spans share at least half the tokens of each; the
speaker figures also require the predicted speaker span to overlap the gold source span (or both to
have none).

PolNeAR's annotation is univocal: no attribution lies inside another's content (none of train's
19,831 does), so "Jones said Smith told him X" is one attribution, Jones's. storyline reports the
inner quote too (its own speaker is what a reader asks for), and PolNeAR cannot credit it; the main
figures count a quote whose cue lies inside another quote's content as part of that quote, as the
gold does, and the ``all_quotes`` figures count every quote as an attribution of its own. The last
line printed is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from storyline.annotate.entities import mentions_from_doc
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.quotes import quotes_from_doc
from storyline.config import Config

_WORD = re.compile(r"\w+")


def read_ann(path: Path) -> list[dict]:
    """Gold attributions: {"content": [(s, e)...], "source": [(s, e)...] or [], "cue": [...]}."""
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _, _, ranges = parts[1].partition(" ")
            try:
                spans[parts[0]] = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            relations.append(roles)
    gold = []
    for roles in relations:
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        gold.append({
            "content": spans[roles["Content"]],
            "source": spans.get(roles.get("Source", ""), []),
            "cue": spans.get(roles.get("Cue", ""), []),
        })
    return gold


def ann_of(text_path: Path) -> Path | None:
    """The gold annotation of ``text/NAME.txt``: ``attributions/NAME_d473.ann`` (the file name adds
    the annotator's id; the first one if several), or None."""
    anns = sorted((text_path.parent.parent / "attributions").glob(text_path.stem + "_*.ann"))
    return anns[0] if anns else None


def articles(path: Path):
    """(name, text, gold attributions) of each annotated article of a PolNeAR compartment, in name
    order."""
    for text_path in sorted((path / "text").glob("*.txt")):
        ann = ann_of(text_path)
        if ann is not None:
            yield text_path.stem, text_path.read_text(encoding="utf-8"), read_ann(ann)


def predict(doc, name: str) -> list:
    """The quotes ``storyline annotate`` finds in one parsed article."""
    return quotes_from_doc(doc, mentions_from_doc(doc, name), name)


def _tokens(text: str, ranges) -> set[int]:
    out = set()
    for s, e in ranges:
        out.update(m.start() for m in _WORD.finditer(text, s, e))
    return out


def _overlaps(a, b) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def attributions(predicted: list, univocal: bool = True) -> list[tuple]:
    """Predicted quotes as attributions: quotes that share one cue are one attribution whose content
    is their passages together ('"A," he said. "B."' is two quotes in storyline, one attribution with
    a discontinuous content in PolNeAR); when ``univocal``, a quote whose cue lies inside another
    quote's content is left to that one, as PolNeAR annotates. (content ranges, speaker range or
    None, first quote)."""
    if univocal:
        predicted = [q for q in predicted
                     if not any(o is not q and o.start <= q.cue_start < o.end for o in predicted)]
    groups: dict[tuple, list] = {}
    for q in predicted:
        groups.setdefault((q.cue_start, q.cue_end, q.speaker_start), []).append(q)
    return [([(q.start, q.end) for q in qs],
             (qs[0].speaker_start, qs[0].speaker_end) if qs[0].speaker_start is not None else None, qs[0])
            for qs in groups.values()]


def score(text: str, gold: list[dict], predicted: list, errors=None, name="", univocal: bool = True) -> dict:
    """Counts of content matches and content+speaker matches for one article."""
    predicted = attributions(predicted, univocal)
    gold_tokens = [_tokens(text, g["content"]) for g in gold]
    used_content, used_speaker = set(), set()
    n_content = n_speaker = 0
    for ranges, speaker, q in predicted:
        pt = _tokens(text, ranges)
        if not pt:
            continue
        best = None
        for i, gt in enumerate(gold_tokens):
            if i in used_content or not gt:
                continue
            shared = len(pt & gt)
            if shared * 2 >= len(pt) and shared * 2 >= len(gt):
                best = i
                break
        if best is None:
            if errors:
                errors.write(f"FP {name} {q.text[:120]!r} <- {q.speaker!r}\n")
            continue
        used_content.add(best)
        n_content += 1
        g = gold[best]
        ps = [speaker] if speaker else []
        if (not ps and not g["source"]) or (ps and g["source"] and _overlaps(ps, g["source"])):
            n_speaker += 1
            used_speaker.add(best)
        elif errors:
            gsrc = " / ".join(text[s:e] for s, e in g["source"])
            errors.write(f"SPK {name} {q.speaker!r} gold {gsrc!r}: {q.text[:80]!r}\n")
    if errors:
        for i, g in enumerate(gold):
            if i not in used_content:
                cue = " / ".join(text[s:e] for s, e in g["cue"])
                content = " / ".join(text[s:e] for s, e in g["content"])
                errors.write(f"FN {name} cue {cue!r}: {content[:120]!r}\n")
    return {"gold": len(gold), "predicted": len(predicted), "content": n_content, "speaker": n_speaker}


def _prf(tp: int, predicted: int, gold: int) -> dict:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PolNeAR compartment (with text/ and attributions/)")
    parser.add_argument("--errors", type=Path, help="write misses and false alarms here")
    parser.add_argument("--sample", type=int, help="only N articles, evenly spread over the names (publishers)")
    args = parser.parse_args(argv)
    texts = sorted((args.path / "text").glob("*.txt"))
    if args.sample and args.sample < len(texts):
        texts = [texts[i * len(texts) // args.sample] for i in range(args.sample)]
    if not texts:
        print(f"{args.path}: no text/*.txt files", file=sys.stderr)
        return 2
    nlp = load_pipeline(Config().spacy_model)
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    totals = {"gold": 0, "predicted": 0, "content": 0, "speaker": 0}
    every = dict(totals)
    words = 0
    started = time.perf_counter()
    for path in texts:
        ann = ann_of(path)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        predicted = predict(nlp(text), path.stem)
        gold = read_ann(ann)
        counts = score(text, gold, predicted, errors, path.stem)
        counts_every = score(text, gold, predicted, univocal=False)
        for k in totals:
            totals[k] += counts[k]
            every[k] += counts_every[k]
        words += len(text.split())
    seconds = time.perf_counter() - started
    if errors:
        errors.close()
    figures = {
        "articles": len(texts), "gold": totals["gold"], "predicted": totals["predicted"],
        "content": _prf(totals["content"], totals["predicted"], totals["gold"]),
        "content_speaker": _prf(totals["speaker"], totals["predicted"], totals["gold"]),
        "all_quotes": {"predicted": every["predicted"],
                       "content": _prf(every["content"], every["predicted"], every["gold"]),
                       "content_speaker": _prf(every["speaker"], every["predicted"], every["gold"])},
        "words_per_second": round(words / seconds) if seconds else None,
    }
    print(f"content   P {figures['content']['precision']:.3f} R {figures['content']['recall']:.3f} "
          f"F1 {figures['content']['f1']:.3f}")
    print(f"+speaker  P {figures['content_speaker']['precision']:.3f} R {figures['content_speaker']['recall']:.3f} "
          f"F1 {figures['content_speaker']['f1']:.3f}")
    every = figures["all_quotes"]
    print(f"every quote, nested ones too: content F1 {every['content']['f1']:.3f}, "
          f"+speaker F1 {every['content_speaker']['f1']:.3f}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
