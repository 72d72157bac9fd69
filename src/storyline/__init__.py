"""storyline: turn a pile or a stream of news articles into stories, with provenance.

From a notebook::

    import storyline
    store = storyline.open_store("storyline.db")
    storyline.add(store, ["../shared/seeds"])
    storyline.build(store)
    for story in store.stories():
        print(story.title, [e.date for e in story.timeline])
    for record in storyline.changed_since(store, storyline.parse_since("1d")):  # what is new
        print(record["title"], record["update_summary"])
"""

from .changes import changed_since, parse_since
from .collection import Collection
from .config import Config
from .export import story_record
from .pipeline import AddReport, BuildReport, add, build
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = ["Collection", "Config", "Store", "open_store", "add", "build", "AddReport", "BuildReport", "story_record",
           "changed_since", "parse_since", "__version__"]
