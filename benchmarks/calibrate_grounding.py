"""Calibrate the grounded answerer's yes/no threshold on a development set of its own.

The set is (frame, phrase, is the phrase on the frame?) triples, separate from the test suite
(benchmarks/sets/grounding.py): other wordings ("a kitten", "a motorbike", "espresso"...), altered frames
(crops, mirror, darker/brighter, low resolution), images the classifier does not know (a clock, a
horse silhouette, an astronaut, coins: their true names are positives it will mostly miss), and
negatives that name things absent from each frame. Each frame is scored exactly as the answerer
scores a memory entry (class strengths of the whole frame and its windows, phrase relevance over the
classes). An unsupported "yes" is the worst answer this tool can give, so the threshold is the one
with the best balanced accuracy (mean of the yes-rate on positives and the no-rate on negatives)
among those that say "yes" to at most ``MAX_FALSE_YES`` of the negatives (a grid in steps of 0.05;
on a plateau, its middle).

Below that threshold it measures the weak band: for each step [t, t + 0.05) under the threshold, how
much likelier a score there is on a positive than on a negative (the likelihood ratio). The weak edge is
the lowest t from which every step up to the threshold has a ratio of at least ``WEAK_RATIO``: there a
yes/no question, asked about a thing as likely there as not, is better answered "probably yes".

    python benchmarks/calibrate_grounding.py [--out benchmarks/results]

Prints the sweep and writes ``<out>/grounding_calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image, ImageEnhance, ImageOps  # noqa: E402

from streamvu.answerers.grounded import DEFAULT_THRESHOLD, GroundedAnswerer  # noqa: E402
from streamvu.answerers.grounded.decide import DEFAULT_WEAK  # noqa: E402
from streamvu.answerers.grounded.vocabulary import EntryView  # noqa: E402
from streamvu.encoders.efficientnet import EfficientNetLite0Encoder  # noqa: E402
from streamvu.encoders.text import TextEmbedder  # noqa: E402
from streamvu.messages import Frame  # noqa: E402

# image -> phrases naming what it shows (none of them is a wording the test suite uses)
POSITIVES = {
    "coffee": ("espresso", "a coffee mug", "a hot drink", "a teacup"),
    "chelsea": ("a kitten", "a tabby", "a pet cat", "a feline"),
    "rocket": ("a missile", "a space rocket", "a launch vehicle"),
    "camera": ("a photo camera", "a tripod", "a photographer"),
    "stereo_motorcycle": ("a motorbike", "a scooter", "a moped"),
    "clock": ("a clock", "a wall clock"),
    "horse": ("a horse", "a pony"),
    "astronaut": ("an astronaut", "a woman", "a flag"),
    "coins": ("coins", "money"),
}
MAX_FALSE_YES = 0.01
WEAK_RATIO = 2.0
ABSENT = (
    "a dog",
    "a tree",
    "a pizza",
    "a boat",
    "a bird",
    "a laptop",
    "a shoe",
    "a bus",
    "a banana",
    "a guitar",
    "a person riding a bike",
    "a glass of beer",
)


def image(name: str) -> Image.Image:
    from skimage import data

    img = data.stereo_motorcycle()[0] if name == "stereo_motorcycle" else getattr(data, name)()
    img = np.asarray(img)
    if img.dtype == bool:
        img = img.astype(np.uint8) * 255
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    return Image.fromarray(img[..., :3])


def variants(img: Image.Image) -> list[Image.Image]:
    """The image and altered copies: centre crop, mirror, darker, brighter, low resolution."""
    w, h = img.size
    crop = img.crop((w // 10, h // 10, w - w // 10, h - h // 10))
    small = img.resize((max(16, w // 6), max(16, h // 6))).resize((w, h))
    return [
        img,
        crop,
        ImageOps.mirror(img),
        ImageEnhance.Brightness(img).enhance(0.6),
        ImageEnhance.Brightness(img).enhance(1.4),
        small,
    ]


def dev_set(encoder: EfficientNetLite0Encoder) -> list[tuple[str, int, EntryView, str, bool]]:
    """(image, variant, frame view, phrase, positive) for every frame and phrase."""
    import torch

    from streamvu.answerers.grounded.regions import seen_probs

    rows = []
    for name, positives in POSITIVES.items():
        frames = [
            Frame(0.0, i, np.asarray(v.resize((224, 224)))) for i, v in enumerate(variants(image(name)))
        ]
        items = encoder.encode(frames)
        pooled = torch.stack([it.pooled for it in items])
        # read as the answerer reads a memory entry: the whole frame and windows of its token grid
        probs = seen_probs(
            encoder.class_probs, pooled, [it.tokens for it in items], [it.grid for it in items]
        ).numpy()
        negatives = [p for other, ps in POSITIVES.items() if other != name for p in ps[:2]] + list(ABSENT)
        for i, p in enumerate(probs):
            view = EntryView(0.0, 1.0, p, np.zeros(1, np.float32))
            rows += [(name, i, view, phrase, True) for phrase in positives]
            rows += [(name, i, view, phrase, False) for phrase in negatives]
    return rows


def weak_bands(scores: np.ndarray, truth: np.ndarray, threshold: float) -> tuple[list[dict], float]:
    """Each 0.05 step below ``threshold`` with the likelihood ratio P(score in it | positive) /
    P(score in it | negative), highest first, and the weak edge (see the module docstring)."""
    bands, weak = [], threshold
    high = threshold
    while high - 0.05 > 1e-9:
        low = round(high - 0.05, 2)
        inside = (scores >= low) & (scores < high)
        pos = float(np.mean(inside[truth]))
        neg = float(np.mean(inside[~truth]))
        ratio = pos / neg if neg > 0 else float("inf") if pos > 0 else 0.0
        bands.append({"low": low, "high": high, "positives": pos, "negatives": neg, "ratio": ratio})
        if weak == high and ratio >= WEAK_RATIO:
            weak = low
        high = low
    return bands, weak


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args(argv)
    encoder, embedder = EfficientNetLite0Encoder(), TextEmbedder()
    scorer = GroundedAnswerer(encoder, embedder).grounder.scorer
    rows = dev_set(encoder)
    scores = np.array([float(scorer.scores(phrase, [view])[0]) for _, _, view, phrase, _ in rows])
    truth = np.array([pos for *_, pos in rows])
    grid = np.round(np.arange(0.05, 0.81, 0.05), 2)
    sweep = []
    for t in grid:
        tpr = float(np.mean(scores[truth] >= t))
        tnr = float(np.mean(scores[~truth] < t))
        sweep.append(
            {
                "threshold": float(t),
                "yes_on_positives": tpr,
                "no_on_negatives": tnr,
                "balanced_accuracy": 0.5 * (tpr + tnr),
            }
        )
    allowed = [s for s in sweep if 1.0 - s["no_on_negatives"] <= MAX_FALSE_YES] or sweep[-1:]
    best = max(s["balanced_accuracy"] for s in allowed)
    plateau = [s["threshold"] for s in allowed if s["balanced_accuracy"] >= best - 1e-9]
    chosen = plateau[len(plateau) // 2]
    print(
        f"development set: {len(rows)} (frame, phrase) pairs, {int(truth.sum())} positive, "
        f"{int((~truth).sum())} negative, {len(POSITIVES)} images x {len(variants(image('coffee')))} variants"
    )
    print(f"{'threshold':>9}  {'yes|pos':>7}  {'no|neg':>7}  {'balanced':>8}")
    for s in sweep:
        mark = "  <- chosen" if s["threshold"] == chosen else ""
        print(
            f"{s['threshold']:>9.2f}  {s['yes_on_positives']:>7.1%}  {s['no_on_negatives']:>7.1%}  "
            f"{s['balanced_accuracy']:>8.1%}{mark}"
        )
    per_image = {}
    for name in POSITIVES:
        sel = np.array([r[0] == name for r in rows])
        per_image[name] = {
            "yes_on_positives": float(np.mean(scores[sel & truth] >= chosen)),
            "no_on_negatives": float(np.mean(scores[sel & ~truth] < chosen)),
        }
        print(
            f"  {name:<18} yes|pos {per_image[name]['yes_on_positives']:.0%}  "
            f"no|neg {per_image[name]['no_on_negatives']:.0%}"
        )
    print(
        f"chosen threshold {chosen:.2f} (best balanced accuracy {best:.1%} with at most {MAX_FALSE_YES:.0%} "
        f"false yes); the answerer uses "
        f"{DEFAULT_THRESHOLD:.2f}"
    )
    bands, weak = weak_bands(scores, truth, chosen)
    for b in bands:
        print(f"  band {b['low']:.2f}-{b['high']:.2f}: likelihood ratio {b['ratio']:.1f}")
    print(
        f"weak edge {weak:.2f} (every band above it at least {WEAK_RATIO:.0f}x); the answerer uses {DEFAULT_WEAK:.2f}"
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "grounding_calibration.json").write_text(
        json.dumps(
            {
                "pairs": len(rows),
                "positives": int(truth.sum()),
                "max_false_yes": MAX_FALSE_YES,
                "chosen": chosen,
                "in_use": DEFAULT_THRESHOLD,
                "sweep": sweep,
                "per_image": per_image,
                "weak_bands": bands,
                "weak": weak,
                "weak_in_use": DEFAULT_WEAK,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {out / 'grounding_calibration.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
