"""``streamvu demo``: the gradio live stream QA app (needs the ``demo`` extra: gradio).

:func:`build_demo` makes the Blocks, :func:`launch` serves them (127.0.0.1 by default); the state
without gradio (sessions, thumbnails, panel text) is in :mod:`streamvu.apps.demo.session`.
"""

from streamvu.apps.demo.app import DemoApp, launch
from streamvu.apps.demo.layout import build_demo
from streamvu.apps.demo.policy import SourcePolicy
from streamvu.apps.demo.session import DemoModels, DemoSession

__all__ = ["DemoApp", "DemoModels", "DemoSession", "SourcePolicy", "build_demo", "launch"]
