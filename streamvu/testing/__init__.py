"""Scaffolding for tests and benchmarks, kept apart from the pipeline: no module outside this package
imports it.

``streamvu.testing.tiny_vlm``: tiny random VLMs of the supported families, saved as real checkpoints
(real model classes and files, no download). ``streamvu.testing.synthetic``: encoded frames made
from a seed (a mock encoder, no model needed). ``streamvu.testing.serving``: ``transformers serve`` on
loopback and a tiny LLaVA to serve (the served-answerer tests and ``benchmarks/served.py``).
"""
