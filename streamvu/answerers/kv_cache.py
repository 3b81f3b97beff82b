"""Reuse of prefilled key/value caches across questions (after ReKV), exact prefix matching.

A VLM prompt is a chain of *segments*: the system header, then one visual block per memory entry
(its time label and tokens), then the question (see :mod:`streamvu.answerers.vlm.prompt`). Each
segment has a key that fixes its ids, its embeddings and its positions (a hash of its token ids and
of its entries' visual tokens, kept cells and grids). The KV of a segment depends on every segment before it (causal attention), so a prefilled
cache is stored under the whole key chain and reused for a new prompt up to the longest common
chain prefix: a second question on the same snapshot prefills only its own text; a question
asked after one more entry arrived prefills that entry and its text; a changed first entry
(merged by memory) leaves only the header reusable. Reuse is exact: the same logits as a full
prefill.

Caches are transformers ``DynamicCache`` objects owned by this store: a stored cache is never
extended; :meth:`PrefixKVStore.lookup` hands out a deep copy (cropped to the matched length), so
concurrent questions and a question that crashes mid-generation never corrupt it.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class StoredPrefix:
    """A prefilled chain: ``ends[i]`` tokens cover segments ``0..i``; ``next_pos[i]`` is the first
    position id after segment ``i`` (differs from ``ends[i]`` under M-RoPE)."""

    keys: tuple[Hashable, ...]
    cache: Any
    ends: tuple[int, ...]
    next_pos: tuple[int, ...]


@dataclass
class PrefixMatch:
    """What :meth:`PrefixKVStore.lookup` found: ``segments`` matched (0: none), a private ``cache``
    copy holding ``tokens`` tokens (None when nothing matched) and the next position id."""

    segments: int = 0
    cache: Any = None
    tokens: int = 0
    next_pos: int = 0


@dataclass
class KVStats:
    """Counters over the store's lifetime."""

    lookups: int = 0
    hits: int = 0
    reused_tokens: int = 0
    stored: int = 0
    evicted: int = 0


class PrefixKVStore:
    """An LRU of prefilled prompt prefixes; see the module docstring.

    capacity: chains kept at most (each holds the KV of its whole prefix).
    """

    def __init__(self, capacity: int = 4) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be >= 1, got {capacity}")
        self.capacity = capacity
        self._chains: OrderedDict[tuple[Hashable, ...], StoredPrefix] = OrderedDict()
        self._lock = threading.Lock()
        self.stats = KVStats()

    def __len__(self) -> int:
        return len(self._chains)

    def clear(self) -> None:
        with self._lock:
            self._chains.clear()

    def lookup(self, keys: Sequence[Hashable]) -> PrefixMatch:
        """The longest stored prefix of ``keys`` as a private cache copy (exact reuse)."""
        keys = tuple(keys)
        with self._lock:
            self.stats.lookups += 1
            best, best_n = None, 0
            for chain in self._chains.values():
                n = _common(chain.keys, keys)
                if n > best_n:
                    best, best_n = chain, n
            if best is None:
                return PrefixMatch()
            self._chains.move_to_end(best.keys)
            self.stats.hits += 1
            cache = copy.deepcopy(best.cache)
        tokens = best.ends[best_n - 1]
        surplus = best.ends[-1] - tokens
        if surplus:
            cache.crop(-surplus)  # transformers: a negative count removes that many tokens
        with self._lock:
            self.stats.reused_tokens += tokens
        return PrefixMatch(segments=best_n, cache=cache, tokens=tokens, next_pos=best.next_pos[best_n - 1])

    def store(
        self, keys: Sequence[Hashable], cache: Any, ends: Sequence[int], next_pos: Sequence[int]
    ) -> None:
        """Keep ``cache`` (taken over: the caller must not extend it afterwards) for chain ``keys``."""
        keys = tuple(keys)
        if not (len(keys) == len(ends) == len(next_pos)) or not keys:
            raise ValueError("keys, ends and next_pos must be non-empty and of equal length")
        with self._lock:
            # a stored chain that is a prefix of the new one is now redundant
            for old in [k for k in self._chains if _common(k, keys) == len(k)]:
                del self._chains[old]
            self._chains[keys] = StoredPrefix(keys, cache, tuple(ends), tuple(next_pos))
            self.stats.stored += 1
            while len(self._chains) > self.capacity:
                self._chains.popitem(last=False)
                self.stats.evicted += 1


def _common(a: tuple, b: tuple) -> int:
    n = 0
    for x, y in zip(a, b):  # noqa: B905 - lengths differ on purpose
        if x != y:
            break
        n += 1
    return n
