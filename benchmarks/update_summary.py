"""Update summaries on Timeline17 cut to the shape of DUC 2007's update task: what the newest articles
add to what the reader has read.

For every topic, the articles published within its reference timelines' span (the first date of any
of them to the last, as ``timelines.py`` reads them; Timeline17's articles run on for months after
some timelines end) are split by publication day into three chronological sets of about equal
article count (a day is never split: each day goes to the third its middle article falls
in). The reader has read sets 1 and 2; the task is set 3. The human summary of set 3 is every
reference timeline sentence of the topic (all its timelines) dated within set 3's first and last
publication day. Three summaries of the same word budget (100 words, as DUC's update summaries),
with the topic's keywords as the query:

* plain: ``summarize SET3``, the baseline;
* update: ``summarize SET3 --seen SET1 SET2``;
* whole: ``summarize SET1 SET2 SET3 --seen SET1 SET2``, where every seen article is in NEW too, so
  its citations of seen articles test that an article read counts as seen.

Scored as ``duc.py`` scores (rouge-score's tokenizer, Porter stems, stop words kept, the summary cut
to the budget): ROUGE-1 and ROUGE-2 recall against the set-3 reference. Also counted: citations of
seen articles (must be 0 for update and whole), the share of summary sentences that are near-repeats
of a seen sentence (the summarizer's own test: TF-IDF cosine of ``redundancy_similarity`` or more),
and the share of the summary's stemmed word pairs that no seen article uses. Every article is read
(the in-memory reading takes about 1.5 s per 100 articles): no cap, no tuned parameter.

    python benchmarks/update_summary.py ../shared/data/t17 [--words 100] [--topics MJ_bbc,...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

from duc import first_words, mean_recalls, ngrams, recalls
from rouge_score.tokenizers import DefaultTokenizer
from timelines import keywords, read_reference

from storyline import Collection, Config
from storyline.model import SummarySentence
from storyline.stories.summarize import Seen, near_repeats


def references(topic: Path) -> list:
    return [read_reference(p) for p in sorted((topic / "timelines").iterdir()) if not p.name.startswith(".")]


def articles_by_day(topic: Path, refs: list) -> dict[dt.date, list[Path]]:
    """The topic's article files under each InputDocs/<YYYY-MM-DD>/ folder within the span of its
    reference timelines."""
    first = min(min(ref.get_dates()) for ref in refs)
    last = max(max(ref.get_dates()) for ref in refs)
    out = {}
    for folder in sorted((topic / "InputDocs").iterdir()):
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if not first <= day <= last:
            continue
        files = sorted(f for f in folder.iterdir() if f.is_file())
        if files:
            out[day] = files
    return out


def three_sets(days: dict[dt.date, list[Path]]) -> list[list[dt.date]]:
    """The days in three chronological sets of about equal article count, each day whole."""
    total = sum(len(files) for files in days.values())
    sets: list[list[dt.date]] = [[], [], []]
    before = 0
    for day in sorted(days):
        sets[min(2, int(3 * (before + len(days[day]) / 2) / total))].append(day)
        before += len(days[day])
    return sets


def reference_for(refs: list, first: dt.date, last: dt.date) -> str:
    """Every sentence of the reference timelines ``refs`` dated from ``first`` to ``last``."""
    sentences = []
    for ref in refs:
        sentences.extend(s for day in sorted(ref.get_dates()) if first <= day <= last for s in ref[day])
    return " ".join(sentences)


def judged(summary: list[SummarySentence], seen: Seen, reference: str, words: int, seen_pairs: set,
           config: Config, tokenizer: DefaultTokenizer) -> dict:
    """One summary's recall against the reference and how much of it the reader had seen."""
    peer = first_words(" ".join(s.text for s in summary), words)
    texts = [s.text for s in summary]
    pairs = ngrams(tokenizer.tokenize(peer), 2)
    return {
        **recalls(peer, [reference], tokenizer),
        "sentences": len(summary),
        "cites_seen": sum(c.article_id in seen.articles for s in summary for c in s.citations),
        "near_repeats": statistics.mean(near_repeats(texts, seen.texts, config.redundancy_similarity)) if texts else 0.0,
        "new_pairs": sum(n for p, n in pairs.items() if p not in seen_pairs) / max(1, sum(pairs.values())),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder")
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--topics", default="")
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    config = Config()
    tokenizer = DefaultTokenizer(use_stemmer=True)
    rows: dict[str, list[dict]] = {"plain": [], "update": [], "whole": []}
    started = time.perf_counter()
    for topic in sorted(p for p in args.data.iterdir() if (p / "timelines").is_dir()):
        if wanted and topic.name not in wanted:
            continue
        refs = references(topic)
        days = articles_by_day(topic, refs)
        sets = three_sets(days) if days else [[], [], []]
        reference = reference_for(refs, sets[2][0], sets[2][-1]) if all(sets) else ""
        if not reference:
            print(f"{topic.name}: no reference sentence dated within the third set, skipped", file=sys.stderr)
            continue
        files = [[str(f) for day in days_ for f in days[day]] for days_ in sets]
        old = Collection.read(files[0] + files[1], config)
        new = Collection.read(files[2], config)
        whole = Collection.read(files[0] + files[1] + files[2], config)
        seen = Seen.of(old.corpus, (a.id for a in old.articles))
        seen_pairs = {p for text in seen.texts for p in ngrams(tokenizer.tokenize(text), 2)}
        query = keywords(topic.name)
        summaries = {"plain": new.summary(words=args.words, query=query),
                     "update": new.summary(words=args.words, query=query, seen=old),
                     "whole": whole.summary(words=args.words, query=query, seen=old)}
        line = [f"{topic.name:<20} {len(files[0])}/{len(files[1])}/{len(files[2])} articles, "
                f"set 3 {sets[2][0]}..{sets[2][-1]}, {len(reference.split())} reference words"]
        for name, summary in summaries.items():
            row = judged(summary, seen, reference, args.words, seen_pairs, config, tokenizer)
            rows[name].append(row)
            line.append(f"{name} R1-R {row['r1']:.3f} R2-R {row['r2']:.3f} repeats {row['near_repeats']:.2f} "
                        f"new pairs {row['new_pairs']:.2f} cites seen {row['cites_seen']}")
        print("\n  ".join(line), file=sys.stderr)
    if not rows["plain"]:
        raise SystemExit(f"{args.data}: no topic with a third set and reference sentences in it")
    result = {"topics": len(rows["plain"]), "words": args.words}
    for name, got in rows.items():
        result.update(mean_recalls(got, f"{name}_"))
        result[f"{name}_near_repeat_share"] = round(statistics.mean(r["near_repeats"] for r in got), 4)
        result[f"{name}_new_pair_share"] = round(statistics.mean(r["new_pairs"] for r in got), 4)
        result[f"{name}_citations_of_seen"] = sum(r["cites_seen"] for r in got)
    result["update_r2_at_least_plain"] = sum(u["r2"] >= p["r2"] for u, p in zip(rows["update"], rows["plain"]))
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
