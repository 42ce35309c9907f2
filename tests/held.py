"""A function held back where it is called, so that a test can look at what happens meanwhile."""

from __future__ import annotations

import threading

WAIT = 60  # seconds: the most a held call waits to be released


class Held:
    """`module.name` held back until `release` is set; `started` and `done` tell where the call is."""

    def __init__(self, monkeypatch, module: object, name: str):
        self.started = threading.Event()
        self.release = threading.Event()
        self.done = threading.Event()
        real = getattr(module, name)

        def held(*args, **kwargs):
            self.started.set()
            if not self.release.wait(WAIT):
                raise AssertionError(f"{name} was never released")
            try:
                return real(*args, **kwargs)
            finally:
                self.done.set()

        monkeypatch.setattr(module, name, held)
