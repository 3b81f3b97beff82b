"""Vision towers of Hugging Face VLMs: frames -> tokens already in the language model's input space.

Each frame is resized (aspect ignored, bicubic) to a fixed square, normalised with the model's
image-processor mean/std, and run through the vision tower *and* its projector/merger, so every
token has the LLM's hidden size and replaces one image placeholder token of the prompt:

* **Qwen2.5-VL** (``Qwen2_5_VLVisionEncoder``): patch 14, spatial merge 2, temporal patch 2. A frame
  of side S gives ``grid_thw = (1, S/14, S/14)`` and ``(S/28)**2`` merged tokens in row-major order
  (S=448: 256 tokens). Video in Qwen stacks *two* consecutive frames per temporal patch; streamvu
  needs tokens per frame, so each frame is encoded as a still image (the frame repeated over the
  temporal patch, exactly what Qwen's image processor does). The prompt for a frame is
  ``<|vision_start|>`` + ``<|image_pad|>`` * N + ``<|vision_end|>`` and ``FrameTokens.grid_thw`` is
  its ``image_grid_thw`` for M-RoPE. Patchify is done here (no torchvision); it matches
  ``Qwen2VLImageProcessorPil`` for a frame already at the target size. Supports recomputing only a
  region of the frame (``encode_regions``), used by the temporal feature cache.
* **SmolVLM / SmolVLM2 / Idefics3** (``SmolVLMVisionEncoder``): the frame is one image at the vision
  tower's native size (512 for SmolVLM2: no tiling, as SmolVLM2 does for video frames); pixel
  shuffle by ``scale_factor`` gives ``(S / patch / scale)**2`` tokens (SmolVLM2: 64). Prompt:
  ``<fake_token_around_image><global-img>`` + ``<image>`` * N + ``<fake_token_around_image>``.
* **LLaVA-OneVision** (``LlavaOnevisionVisionEncoder``): its video path: SigLIP features of the frame
  at 384 px, projector, 2x2 bilinear pooling: ``ceil(27/2)**2 = 196`` tokens per frame. In the LLM
  a video's frames are followed by one ``image_newline`` embedding (``model.model.image_newline``),
  which is not part of the per-frame tokens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from streamvu.messages import Frame, FrameTokens
from streamvu.models.hf_vlm import VLMBundle, load_vlm


@dataclass(frozen=True)
class HFEncoderConfig:
    """Settings of a VLM vision encoder.

    image_size: side of the square each frame is resized to; None uses the family default (Qwen2.5-VL
        448, SmolVLM and LLaVA-OneVision the vision tower's native size). Qwen sizes are rounded to
        a multiple of 28 (patch x merge); the others must equal the tower's native size.
    batch_size: frames per forward pass.
    """

    image_size: int | None = None
    batch_size: int = 8

    def __post_init__(self) -> None:
        if self.image_size is not None and self.image_size < 16:
            raise ValueError(f"image_size must be >= 16, got {self.image_size}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size}")


class HFVisionEncoder:
    """Shared part of the VLM encoders: resize + normalise, batching, FrameTokens assembly."""

    supports_regions = False

    def __init__(self, bundle: VLMBundle, config: HFEncoderConfig | None = None) -> None:
        self.bundle = bundle
        self.config = config or HFEncoderConfig()
        self.name = bundle.name
        self.dim = bundle.hidden_size
        proc = bundle.image_processor
        self._mean = torch.tensor(proc.image_mean, dtype=torch.float32).view(1, 3, 1, 1)
        self._std = torch.tensor(proc.image_std, dtype=torch.float32).view(1, 3, 1, 1)
        self.image_size = self._image_size(self.config.image_size)
        self.grid = self._grid()

    # -- family hooks ------------------------------------------------------------------------
    def _image_size(self, requested: int | None) -> int:
        raise NotImplementedError

    def _grid(self) -> tuple[int, int]:
        raise NotImplementedError

    def _forward(self, pixels: torch.Tensor) -> torch.Tensor:
        """(B, 3, S, S) normalised pixels on CPU -> (B, N, D) tokens."""
        raise NotImplementedError

    def _grid_thw(self) -> tuple[int, int, int] | None:
        return None

    # -- shared --------------------------------------------------------------------------------
    @property
    def device(self) -> str:
        return self.bundle.device

    @property
    def dtype(self) -> torch.dtype:
        return self.bundle.dtype

    @property
    def batch_size(self) -> int:
        """Frames per forward pass (``config.batch_size``)."""
        return self.config.batch_size

    @property
    def cache_id(self) -> str:
        """Everything that changes the tokens: the disk feature cache keys on it."""
        return f"{self.bundle.family}|{self.name}|{self.image_size}|{self.dtype}"

    def pixels(self, frames: Sequence[Frame]) -> torch.Tensor:
        """Frames -> (B, 3, S, S) float32 normalised pixels on CPU."""
        s = self.image_size
        arrays = [np.asarray(Image.fromarray(f.rgb).resize((s, s), Image.BICUBIC)) for f in frames]
        x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float().div_(255.0)
        return (x - self._mean) / self._std

    @torch.inference_mode()
    def features(self, pixels: torch.Tensor) -> torch.Tensor:
        """(B, 3, S, S) normalised pixels -> (B, N, D) float32 tokens on CPU."""
        return self._forward(pixels).float().cpu().contiguous()

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        """Encode frames in batches of ``config.batch_size``; see :class:`VisionEncoder`."""
        out: list[FrameTokens] = []
        bs = self.config.batch_size
        for i in range(0, len(frames), bs):
            chunk = frames[i : i + bs]
            tokens = self.features(self.pixels(chunk))
            for frame, tok in zip(chunk, tokens, strict=True):
                out.append(
                    FrameTokens(
                        t=frame.t,
                        index=frame.index,
                        tokens=tok,
                        pooled=tok.mean(dim=0),
                        grid=self.grid,
                        grid_thw=self._grid_thw(),
                        space=self.bundle.family,
                    )
                )
        return out


class Qwen2_5_VLVisionEncoder(HFVisionEncoder):
    """Qwen2.5-VL vision tower + merger; see the module docstring."""

    supports_regions = True
    region_margin = 1  # merged-token cells of context around a recomputed region

    def __init__(self, bundle: VLMBundle, config: HFEncoderConfig | None = None) -> None:
        vcfg = bundle.config.vision_config
        self.patch = int(vcfg.patch_size)
        self.merge = int(vcfg.spatial_merge_size)
        self.temporal = int(vcfg.temporal_patch_size)
        super().__init__(bundle, config)

    def _image_size(self, requested: int | None) -> int:
        unit = self.patch * self.merge
        return max(unit, round((requested or 448) / unit) * unit)

    def _grid(self) -> tuple[int, int]:
        side = self.image_size // (self.patch * self.merge)
        return (side, side)

    def _grid_thw(self) -> tuple[int, int, int]:
        side = self.image_size // self.patch
        return (1, side, side)

    def patchify(self, image: torch.Tensor) -> torch.Tensor:
        """(3, H, W) -> (H/14 * W/14, 3 * 2 * 14 * 14) rows in Qwen's merge-block order (frame repeated in time)."""
        p, m, t = self.patch, self.merge, self.temporal
        c, h, w = image.shape
        gh, gw = h // p, w // p
        x = image.reshape(c, gh // m, m, p, gw // m, m, p).permute(1, 4, 2, 5, 0, 3, 6)
        x = x.unsqueeze(5).expand(gh // m, gw // m, m, m, c, t, p, p)
        return x.reshape(gh * gw, c * t * p * p)

    def _run(self, images: Sequence[torch.Tensor]) -> list[torch.Tensor]:
        """Images of any 28-multiple sizes -> their merged tokens, one (n_i, D) tensor each."""
        flat = torch.cat([self.patchify(img) for img in images])
        thw = torch.tensor([[1, img.shape[1] // self.patch, img.shape[2] // self.patch] for img in images])
        inner = self.bundle.model.model
        out = inner.get_image_features(flat.to(self.device, self.dtype), image_grid_thw=thw.to(self.device))
        return list(out.pooler_output)

    def _forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return torch.stack(self._run(list(pixels)))

    @torch.inference_mode()
    def encode_regions(
        self, frames: Sequence[Frame], boxes: Sequence[tuple[int, int, int, int]]
    ) -> list[torch.Tensor]:
        """Recompute only a box of token cells per frame.

        boxes: (r0, c0, r1, c1) in token-grid cells, end-exclusive. The box plus ``region_margin``
        cells of context is cropped from the resized frame and encoded on its own (window and full
        attention then see only that crop: an approximation the cache's error metrics measure).
        Returns one ((r1-r0)*(c1-c0), D) float32 CPU tensor per frame, row-major.
        """
        unit = self.patch * self.merge
        rows, cols = self.grid
        pixels = self.pixels(frames)
        crops, inner = [], []
        for img, (r0, c0, r1, c1) in zip(pixels, boxes, strict=True):
            a0, b0 = max(0, r0 - self.region_margin), max(0, c0 - self.region_margin)
            a1, b1 = min(rows, r1 + self.region_margin), min(cols, c1 + self.region_margin)
            crops.append(img[:, a0 * unit : a1 * unit, b0 * unit : b1 * unit])
            inner.append((r0 - a0, c0 - b0, r1 - a0, c1 - b0, b1 - b0))
        out = []
        for tok, (i0, j0, i1, j1, width) in zip(self._run(crops), inner, strict=True):
            grid = tok.float().cpu().reshape(-1, width, tok.shape[-1])
            out.append(grid[i0:i1, j0:j1].reshape(-1, tok.shape[-1]).contiguous())
        return out


class SmolVLMVisionEncoder(HFVisionEncoder):
    """SmolVLM / SmolVLM2 / Idefics3 vision tower + pixel-shuffle connector; see the module docstring."""

    def _image_size(self, requested: int | None) -> int:
        native = int(self.bundle.config.vision_config.image_size)
        if requested not in (None, native):
            raise ValueError(
                f"{self.bundle.family} encodes frames at its native {native} px, not {requested}"
            )
        return native

    def _grid(self) -> tuple[int, int]:
        vcfg = self.bundle.config.vision_config
        side = self.image_size // int(vcfg.patch_size) // int(self.bundle.config.scale_factor)
        return (side, side)

    def _forward(self, pixels: torch.Tensor) -> torch.Tensor:
        inner = self.bundle.model.model
        out = inner.get_image_features(pixels[:, None].to(self.device, self.dtype))
        return torch.stack(list(out.pooler_output))


class LlavaOnevisionVisionEncoder(HFVisionEncoder):
    """LLaVA-OneVision SigLIP tower + projector + 2x2 video pooling; see the module docstring."""

    def _image_size(self, requested: int | None) -> int:
        native = int(self.bundle.config.vision_config.image_size)
        if requested not in (None, native):
            raise ValueError(f"llava_onevision encodes frames at its native {native} px, not {requested}")
        return native

    def _grid(self) -> tuple[int, int]:
        side = math.ceil(self.image_size // int(self.bundle.config.vision_config.patch_size) / 2)
        return (side, side)

    def _forward(self, pixels: torch.Tensor) -> torch.Tensor:
        cfg = self.bundle.config
        out = self.bundle.model.model.get_video_features(
            pixels[:, None].to(self.device, self.dtype),
            vision_feature_layer=cfg.vision_feature_layer,
            vision_feature_select_strategy=cfg.vision_feature_select_strategy,
        )
        return out.pooler_output[:, :-1]  # drop the image_newline appended after each one-frame video


_ENCODERS = {
    "qwen2_5_vl": Qwen2_5_VLVisionEncoder,
    "smolvlm": SmolVLMVisionEncoder,
    "idefics3": SmolVLMVisionEncoder,
    "llava_onevision": LlavaOnevisionVisionEncoder,
}


def vlm_encoder(bundle: VLMBundle, config: HFEncoderConfig | None = None) -> HFVisionEncoder:
    """The vision encoder of an already loaded VLM (share the bundle with an answer backend)."""
    return _ENCODERS[bundle.family](bundle, config)


def load_vlm_encoder(
    name_or_path: str,
    device: str = "cpu",
    dtype: str | torch.dtype = "auto",
    config: HFEncoderConfig | None = None,
) -> HFVisionEncoder:
    """Load a VLM by hub name or path (see :func:`load_vlm`) and return its vision encoder."""
    return vlm_encoder(load_vlm(name_or_path, device=device, dtype=dtype), config)
