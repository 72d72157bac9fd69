"""storyline: turn a pile or a stream of news articles into stories, with provenance.

From a notebook::

    import storyline
    store = storyline.open_store("storyline.db")
    storyline.add(store, ["../shared/seeds"])
    storyline.build(store)
    for story in store.stories():
        print(story.title, [e.date for e in story.timeline])
"""

from .collection import Collection
from .config import Config
from .export import story_record
from .pipeline import AddReport, BuildReport, add, build
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = ["Collection", "Config", "Store", "open_store", "add", "build", "AddReport", "BuildReport", "story_record", "__version__"]
