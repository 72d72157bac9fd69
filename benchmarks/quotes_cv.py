"""Quote attribution cross-validated: document k-fold over PolNeAR train + dev.

    python benchmarks/quotes_cv.py ../shared/data/polnear [--cache DIR] [--folds 5] [--iterations N] [--jobs 2]

The rules' settings and the CRF's were chosen while measuring dev, so dev's figure flatters them
(issue 24). Here the articles of train and dev are pooled and split by article into ``--folds``
folds (sorted names shuffled with a fixed seed: the same folds every run); for each fold the cue
lexicons (``tools/polnear_cues.py``) and the attribution CRF (``tools/polnear_crf.py``) are learnt
from the other folds alone, and the held-out fold is annotated with them (``quotes.lexicons_in_use``,
``attribution_model.model_in_use``: nothing is written into the package) and scored as
``benchmarks/quotes.py`` scores. Printed: each fold, the mean of the folds' F1s, and the pooled
figures (all folds' counts summed); the last line is their JSON. Each article is parsed once
(``--cache`` keeps the parses in a DocBin for the next run); the folds' trainings dominate the time
(at the tool's 2,000 L-BFGS iterations, over an hour a fold on one core).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path

from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from polnear_crf import PARAMS, example, train  # noqa: E402
from polnear_cues import lexicon  # noqa: E402
from quotes import _prf, articles, predict, score  # noqa: E402

from storyline.annotate.attribution_model import model_in_use  # noqa: E402
from storyline.annotate.nlp import load_pipeline  # noqa: E402
from storyline.annotate.quotes import lexicons, lexicons_in_use, read_cues  # noqa: E402
from storyline.config import Config  # noqa: E402

SPLITS = ("train", "dev")
SEED = 24  # the number: any fixed seed gives fixed folds
_COUNTS = ("gold", "predicted", "content", "speaker")


def folds(names, k: int = 5, seed: int = SEED) -> list[list[str]]:
    """``names`` split into ``k`` disjoint folds of near-equal size, the same for the same names in
    any order (sorted, then shuffled by ``seed``: a publisher's articles sort together, and a fold
    of one publisher would measure a shift of style, not the method)."""
    ordered = sorted(set(names))
    random.Random(seed).shuffle(ordered)
    return [sorted(ordered[i::k]) for i in range(k)]


def parsed(data: Path, cache: Path | None) -> dict[str, tuple]:
    """name -> (doc, text, gold attributions) of every annotated article of ``data``'s train and dev,
    each parsed once, or read back from ``cache`` when it holds the same articles."""
    pool = {name: (text, gold) for split in SPLITS for name, text, gold in articles(data / split)}
    nlp = load_pipeline(Config().spacy_model)
    stored = cache / f"polnear_{Config().spacy_model}.spacy" if cache else None
    if stored is not None and stored.exists():
        docs = list(DocBin().from_disk(stored).get_docs(nlp.vocab))
        if sorted(d.user_data.get("polnear_name") for d in docs) == sorted(pool):
            return {d.user_data["polnear_name"]: (d, *pool[d.user_data["polnear_name"]]) for d in docs}
    out = {}
    for name, (text, gold) in pool.items():
        doc = nlp(text)
        doc.user_data["polnear_name"] = name
        out[name] = (doc, text, gold)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=[d for d, _, _ in out.values()]).to_disk(stored)
    return out


_POOL: dict[str, tuple] = {}  # the parsed articles, shared with the fold workers by fork


def fold_counts(held: list[str], params: dict) -> dict:
    """Learn lexicons and CRF from every article but ``held``, then score ``held`` with them."""
    taught = [_POOL[name] for name in sorted(_POOL) if name not in set(held)]
    lex = lexicons(read_cues(lexicon(((d, g) for d, _, g in taught), "VERB")),
                   read_cues(lexicon(((d, g) for d, _, g in taught), "NOUN")))
    counts = dict.fromkeys(_COUNTS, 0)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, lexicons_in_use(lex):
        model = Path(tmp) / "fold.crfsuite"
        train([example(d, g) for d, _, g in taught], model, params)
        with model_in_use(model):
            for name in held:
                doc, text, gold = _POOL[name]
                for key, n in score(text, gold, predict(doc, name)).items():
                    counts[key] += n
    return {"articles": len(held), **counts, "verb_cues": len(lex.verbs), "noun_cues": len(lex.nouns),
            "seconds": round(time.perf_counter() - started)}


def figures(counts: dict) -> dict:
    """Content and content + speaker precision, recall and F1 of summed counts."""
    return {"content": _prf(counts["content"], counts["predicted"], counts["gold"]),
            "content_speaker": _prf(counts["speaker"], counts["predicted"], counts["gold"])}


def _line(label: str, f: dict) -> str:
    c, s = f["content"], f["content_speaker"]
    return (f"{label}: content P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f}, "
            f"+speaker P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="PolNeAR (with train/ and dev/, each with text/ and attributions/)")
    parser.add_argument("--cache", type=Path, help="keep the parses here (a DocBin) for the next run")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"],
                        help="L-BFGS iterations of each fold's CRF (the tool's by default)")
    parser.add_argument("--jobs", type=int, default=1, help="folds trained at once")
    parser.add_argument("--fitted", action="store_true",
                        help="also learn from train alone and score dev (the shipped setting), same iterations")
    args = parser.parse_args(argv)
    missing = [f"{s}/text" for s in SPLITS if not (args.path / s / "text").is_dir()]
    if missing or args.folds < 2:
        reason = f"no {', '.join(missing)}" if missing else "--folds must be 2 or more"
        print(f"{args.path}: {reason}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    _POOL.update(parsed(args.path, args.cache))
    parse_seconds = round(time.perf_counter() - started)
    split = folds(_POOL, args.folds)
    params = {**PARAMS, "max_iterations": args.iterations}
    dev = sorted(name for name, _, _ in articles(args.path / "dev")) if args.fitted else None
    with multiprocessing.get_context("fork").Pool(args.jobs) as workers:
        per_fold = workers.starmap(fold_counts, [(held, params) for held in split + ([dev] if dev else [])])
    fitted = per_fold.pop() if dev else None
    pooled = {k: sum(f[k] for f in per_fold) for k in _COUNTS}
    for f in per_fold:
        f.update(figures(f))
    mean = {key: round(sum(f[key]["f1"] for f in per_fold) / len(per_fold), 4)
            for key in ("content", "content_speaker")}
    for n, f in enumerate(per_fold, 1):
        print(_line(f"fold {n} ({f['articles']} articles, {f['gold']} gold, {f['predicted']} predicted)", f))
    print(f"mean of folds: content F1 {mean['content']:.3f}, +speaker F1 {mean['content_speaker']:.3f}")
    print(_line(f"pooled ({len(_POOL)} articles)", figures(pooled)))
    if fitted:
        fitted.update(figures(fitted))
        print(_line("fitted (learnt from train, scored on dev)", fitted))
    print(json.dumps({"articles": len(_POOL), "folds": per_fold, "mean_f1": mean,
                      "pooled": {**pooled, **figures(pooled)}, "fitted": fitted,
                      "iterations": args.iterations, "seed": SEED, "parse_seconds": parse_seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
