"""streamvu: watch a video stream continuously and answer questions about it at any moment."""

__version__ = "0.1.0"
