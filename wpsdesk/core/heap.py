"""Keeping Python's full garbage collections short in a long-running worker.

A full collection walks every tracked object, and a loaded Django holds hundreds of
thousands that live as long as the worker (modules, URL patterns, compiled templates).
Measured at ten times Norway, each full collection added 50-60 ms to whichever request
triggered it (one in about eight of the larger list pages); with those objects frozen it
costs about 1 ms. The WSGI entry point settles the heap once at start-up, after loading
the URL configuration; ``bench scale`` does the same after each page's warm-up requests.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what is garbage now, then leave everything still alive out of later collections.

    Objects made later are collected as usual; only the start-up ones are no longer walked.
    """
    gc.collect()
    gc.freeze()


def load_and_settle() -> None:
    """Import every view module through the URL configuration, then :func:`settle`."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views now, not in a first request
    settle()
