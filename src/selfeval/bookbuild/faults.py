"""Fault injection for the fault tests: ``SELFEVAL_FAULT=<point>`` kills the build at that point.

The tests prove that a build killed anywhere (including in the middle of publishing) leaves
the published book unchanged or complete, and that the next build removes what the killed
one left behind. A kill cannot be timed from outside at the instant of a rename, so the
build names its points and dies there when asked. Without the variable this does nothing.
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "after-load",
    "after-execute",
    "after-html",
    "after-pdf",
    "before-publish",
    "publish-renamed",
    "publish-swapped",
    "before-landing",
)
# the points in the output folder's publishing (publish.OutputFolder): the tests drive them on a
# small release; the others need the whole build up to them
PUBLISHING = ("before-publish", "publish-renamed", "publish-swapped", "before-landing")


def point(name: str) -> None:
    assert name in POINTS, name
    if os.environ.get("SELFEVAL_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
