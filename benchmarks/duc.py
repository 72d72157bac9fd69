"""Query-focused multi-document summarization in the DUC 2005-2007 setting, scored as DUC scored it.

For every topic of a DUC-style set: `summarize` the topic's documents (TREC SGML files, one folder a
topic) with a 250-word budget and the topic statement (title and narrative) as the query, cut the
summary to its first 250 words as ROUGE's ``-l 250`` does, and score ROUGE-2 and ROUGE-1 recall
against the topic's human summaries the way ROUGE-1.5.5 ``-n 2 -m -f A`` counts them: words
lowercased, split at every character that is not a letter or digit, Porter-stemmed, stop words
kept; the clipped n-gram matches summed over all human summaries, over their n-grams summed. (The
official runs also jackknife over the human summaries, which moves recall very little.) The
tokenizer and stemmer are rouge-score's, Google's reimplementation of ROUGE-1.5.5.

    python benchmarks/duc.py DOCS TOPICS MODELS [--words 250] [--processes 2]

DOCS holds one folder per topic (``D0701A/``); TOPICS is the topics file
(``<topic><num> D0701A </num><title>...</title><narr>...</narr></topic>``); MODELS holds the human
summaries, named by topic without its final letter (``D0701.M.250.A.A``). Needs the benchmark
extra: pip install -e '.[benchmark]'.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rouge_score.tokenizers import DefaultTokenizer

from storyline import Collection, Config

_TOPIC = re.compile(r"<topic>(.*?)</topic>", re.I | re.S)


def read_topics(path: Path) -> dict[str, str]:
    """Topic id (upper case) -> its query: the title and the narrative, markup removed."""
    topics = {}
    for block in _TOPIC.findall(path.read_text(encoding="utf-8", errors="replace")):
        num = re.search(r"<num>(.*?)</num>", block, re.I | re.S)
        if not num:
            continue
        parts = [m.group(1) for tag in ("title", "narr") if (m := re.search(rf"<{tag}>(.*?)</{tag}>", block, re.I | re.S))]
        topics[num.group(1).strip().upper()] = " ".join(" ".join(parts).split())
    return topics


def models_for(topic: str, models: Path) -> list[Path]:
    """The human summaries of a topic: files named ``D0701.M.250.A.*`` for topic ``D0701A``."""
    stem = topic[:-1] if topic[-1:].isalpha() else topic
    return sorted(p for p in models.iterdir() if p.is_file() and p.name.upper().startswith(stem.upper() + "."))


def first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def recall(peer: str, references: list[str], n: int, tokenizer: DefaultTokenizer) -> float:
    """ROUGE-N recall, ROUGE-1.5.5's ``-f A``: clipped matches over reference n-grams, summed over references."""
    mine = ngrams(tokenizer.tokenize(peer), n)
    hits = total = 0
    for ref in references:
        theirs = ngrams(tokenizer.tokenize(ref), n)
        hits += sum((mine & theirs).values())
        total += sum(theirs.values())
    return hits / total if total else 0.0


def recalls(peer: str, references: list[str], tokenizer: DefaultTokenizer) -> dict[str, float]:
    """ROUGE-1 and ROUGE-2 recall of ``peer``: ``{"r1", "r2"}``."""
    return {"r1": recall(peer, references, 1, tokenizer), "r2": recall(peer, references, 2, tokenizer)}


def mean_recalls(rows: list[dict], prefix: str = "") -> dict[str, float | None]:
    """The mean ROUGE-1 and ROUGE-2 recall of ``rows``, as the final JSON line gives them."""
    return {f"{prefix}rouge_{n}_recall": round(statistics.mean(r[f"r{n}"] for r in rows), 4) if rows else None
            for n in (1, 2)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, help="one folder of documents per topic")
    parser.add_argument("topics", type=Path, help="the topics file (<topic><num><title><narr>)")
    parser.add_argument("models", type=Path, help="the folder of human summaries")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--processes", type=int, default=1, help="annotation processes")
    args = parser.parse_args(argv)
    topics = read_topics(args.topics)
    folders = [p for p in sorted(args.docs.iterdir()) if p.is_dir() and p.name.upper() in topics]
    if not folders:
        raise SystemExit(f"{args.docs}: no topic folder named as a topic of {args.topics}")
    config = Config(annotate_processes=args.processes)
    tokenizer = DefaultTokenizer(use_stemmer=True)
    rows = []
    for folder in folders:
        topic = folder.name.upper()
        references = [p.read_text(encoding="utf-8", errors="replace") for p in models_for(topic, args.models)]
        if not references:
            print(f"{topic}: no human summaries in {args.models}, skipped", file=sys.stderr)
            continue
        started = time.perf_counter()
        summary = Collection.read([str(folder)], config).summary(words=args.words, query=topics[topic])
        seconds = time.perf_counter() - started
        peer = first_words(" ".join(s.text for s in summary), args.words)
        row = {"topic": topic, **recalls(peer, references, tokenizer), "words": len(peer.split()), "seconds": seconds}
        rows.append(row)
        print(f"{topic:<8} R1-R {row['r1']:.4f}  R2-R {row['r2']:.4f}  {row['words']} words  "
              f"{len(references)} references  {seconds:.1f}s", file=sys.stderr)
    if not rows:
        raise SystemExit(f"{args.models}: no human summaries for any topic")
    result = {
        "topics": len(rows),
        "words": args.words,
        **mean_recalls(rows),
        "median_seconds": round(statistics.median(r["seconds"] for r in rows), 2),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
