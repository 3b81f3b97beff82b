"""Hugging Face VLM loading shared by the VLM vision encoders and the VLM answer backends."""

from streamvu.models.hf_vlm import SUPPORTED_FAMILIES, VLMBundle, detect_family, load_vlm, resolve_dtype

__all__ = ["SUPPORTED_FAMILIES", "VLMBundle", "detect_family", "load_vlm", "resolve_dtype"]
