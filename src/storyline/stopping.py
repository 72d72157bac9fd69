"""SIGINT (Ctrl-C) and SIGTERM as a request to stop: the library stops between two transactions
(``add``, ``build`` and ``watch`` take the event), so what was done is committed and the next run
goes on from there. A second signal stops at once: the transaction in flight is rolled back."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class StopRequest:
    """``event`` is set by the first SIGINT or SIGTERM; ``signals`` holds the signals received."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signals: list[int] = []

    @property
    def name(self) -> str:
        """The first signal's name ("SIGINT"), "" before any."""
        return signal.Signals(self.signals[0]).name if self.signals else ""


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Inside, SIGINT and SIGTERM set the request's event instead of ending the process, and a
    second one raises ``KeyboardInterrupt``; the handlers before are put back on leaving. Outside the main thread it
    changes nothing: Python lets only the main thread set handlers."""
    request = StopRequest()
    parent = os.getpid()

    def on_signal(number, frame) -> None:
        if os.getpid() != parent:  # a forked annotation worker, before it set its own handlers
            if number == signal.SIGTERM:
                signal.signal(number, signal.SIG_DFL)
                os.kill(os.getpid(), number)
            return
        request.signals.append(number)
        if len(request.signals) > 1:
            raise KeyboardInterrupt
        # Set from another thread: this one may be inside event.wait() holding the event's lock.
        threading.Thread(target=request.event.set, daemon=True).start()

    if threading.current_thread() is not threading.main_thread():
        yield request  # only the main thread may set handlers (a notebook's worker thread, a test runner)
        return
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield request
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
