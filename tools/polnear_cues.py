"""Build the learned cue lexicon (``annotate/polnear_cues.tsv``) from PolNeAR's train split.

    python tools/polnear_cues.py ../shared/data/polnear/train > src/storyline/annotate/polnear_cues.tsv
    python tools/polnear_cues.py --pos NOUN ../shared/data/polnear/train \
        > src/storyline/annotate/polnear_noun_cues.tsv

For every verb lemma (or, with ``--pos NOUN``, noun lemma: "his proposal for", "criticism from") with
a complement (clause, infinitive, object, preposition; for nouns also ``acl``: "her claim that"), how
often it is an attribution cue in the gold annotation, and which complements it takes when it is one.
Only the train split is read (dev and test are for measuring). Lemmas seen as a cue fewer than
``--min-cues`` times or less often than ``--min-rate`` are left out. ``benchmarks/quotes_cv.py``
builds the lexicons of each cross-validation fold with ``lexicon``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from quotes import articles  # the benchmark's brat reader

from storyline.annotate.nlp import load_pipeline
from storyline.config import Config

_KINDS = ("ccomp", "xcomp", "dobj")


def lexicon(examples, pos: str = "VERB", min_cues: int = 5, min_rate: float = 0.4) -> str:
    """The lexicon's TSV text (``quotes.read_cues`` reads it) from (parsed doc, gold attributions)
    pairs."""
    kinds_taken = _KINDS + (("acl",) if pos == "NOUN" else ())  # "his claim that ..."
    cues, seen = Counter(), Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    for doc, gold in examples:
        cue_tokens = set()
        for g in gold:
            for start, end in g["cue"]:
                span = doc.char_span(start, end, alignment_mode="expand")
                cue_tokens.update(t.i for t in span or () if t.pos_ == pos)
        for token in doc:
            if token.pos_ != pos:
                continue
            found = [c.dep_ if c.dep_ in kinds_taken else f"prep:{c.lower_}" for c in token.children
                     if c.dep_ in kinds_taken or c.dep_ == "prep"]
            if not found:
                continue
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if token.i in cue_tokens:
                cues[lemma] += 1
                kinds[lemma].update(set(found))
    lines = ["# lemma\tcues\tseen\tcomplements (each taken by at least 15% of its cues)"]
    for lemma in sorted(cues):
        if cues[lemma] < min_cues or cues[lemma] / seen[lemma] < min_rate:
            continue
        taken = sorted(k for k, n in kinds[lemma].items() if n >= 0.15 * cues[lemma] and k != "prep:in")
        if taken:
            lines.append(f"{lemma}\t{cues[lemma]}\t{seen[lemma]}\t{','.join(taken)}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="PolNeAR train (with text/ and attributions/)")
    parser.add_argument("--min-cues", type=int, default=5)
    parser.add_argument("--min-rate", type=float, default=0.4)
    parser.add_argument("--pos", choices=("VERB", "NOUN"), default="VERB", help="which cues to count")
    args = parser.parse_args(argv)
    nlp = load_pipeline(Config().spacy_model)
    examples = ((nlp(text), gold) for _, text, gold in articles(args.path))
    sys.stdout.write(lexicon(examples, args.pos, args.min_cues, args.min_rate))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
