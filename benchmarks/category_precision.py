"""What WordNet categories add to phrase scores: category words on real images, hand-labelled.

Each image (and altered copies: crop, mirror, darker, brighter, low resolution) is encoded as a memory
entry is, and scored against category words ("a hot drink", "an animal", "a vehicle", "furniture"...)
by the grounded answerer's phrase scorer with and without the WordNet table. A pair is positive when the
word names something the image shows, negative when it does not, and left out when a reader could go
either way (is a space rocket a vehicle? is espresso food?). At the answerer's threshold it reports, for
both scorers, recall on positives, false yes on negatives and precision, and lists each error.

    python benchmarks/category_precision.py [--out benchmarks/results]

Prints the table and writes ``<out>/category_precision.json``.
"""

from __future__ import annotations

import argparse
import itertools
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
from calibrate_grounding import image as skimage_image  # noqa: E402  (beside this script)
from calibrate_grounding import variants  # noqa: E402  (the same altered copies as the calibration set)
from PIL import Image  # noqa: E402

from streamvu.answerers.grounded import DEFAULT_THRESHOLD, GroundedAnswerer  # noqa: E402
from streamvu.answerers.grounded.vocabulary import EntryView, PhraseScorer  # noqa: E402
from streamvu.encoders.efficientnet import EfficientNetConfig, EfficientNetLite0Encoder  # noqa: E402
from streamvu.encoders.text import TextEmbedder  # noqa: E402
from streamvu.messages import Frame  # noqa: E402

WORDS = (
    "a hot drink",
    "a drink",
    "a beverage",
    "an animal",
    "a cat",
    "a dog",
    "a bird",
    "a vehicle",
    "food",
    "fruit",
    "a building",
    "a structure",
    "furniture",
    "an instrument",
    "a tool",
    "clothing",
    "a flower",
    "a plant",
    "a container",
)
# image -> (words it shows, words left out as ambiguous); every other word is a negative
TRUTH = {
    "coffee": ({"a hot drink", "a drink", "a beverage", "a container"}, {"food", "a tool"}),
    "chelsea": ({"an animal", "a cat"}, set()),
    "rocket": (set(), {"a vehicle", "a structure", "a building", "a tool", "an instrument"}),
    "astronaut": (set(), {"clothing", "a tool", "an instrument", "a vehicle", "a structure"}),
    "grace_hopper": ({"clothing"}, {"a structure"}),
    "china": ({"a building", "a structure"}, {"a plant"}),
    "flower": ({"a flower", "a plant"}, {"fruit", "food"}),
    "stereo_motorcycle": ({"a vehicle"}, {"a structure", "a tool", "a container"}),
    "horse": ({"an animal"}, set()),
    "camera": (set(), {"an instrument", "a tool", "clothing", "a structure", "a building"}),
    "coins": (set(), {"a container", "a tool", "an instrument", "a structure"}),
}


def image(name: str) -> Image.Image:
    """A sample photo by name: scikit-learn's ``china``/``flower``, matplotlib's ``grace_hopper`` or
    (as the calibration set reads them) any ``skimage.data`` name."""
    if name in ("china", "flower"):
        from sklearn.datasets import load_sample_image

        return Image.fromarray(load_sample_image(f"{name}.jpg"))
    if name == "grace_hopper":
        import matplotlib

        return Image.open(Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg").convert(
            "RGB"
        )
    return skimage_image(name)


def views(encoder: EfficientNetLite0Encoder, regions: bool = True) -> dict[str, list[EntryView]]:
    """Each image's variants read as the answerer reads a memory entry: whole and by windows of its
    token grid (``regions``; :func:`streamvu.answerers.grounded.regions.seen_probs`), or whole only."""
    import torch

    from streamvu.answerers.grounded.regions import seen_probs

    out = {}
    for name in TRUTH:
        frames = [
            Frame(0.0, i, np.asarray(v.resize((224, 224)))) for i, v in enumerate(variants(image(name)))
        ]
        items = encoder.encode(frames)
        pooled = torch.stack([it.pooled for it in items])
        if regions:
            probs = seen_probs(
                encoder.class_probs,
                pooled,
                [it.tokens for it in items],
                [it.grid for it in items],
                [it.regions for it in items],
            )
        else:
            probs = encoder.class_probs(pooled)
        out[name] = [EntryView(0.0, 1.0, p, np.zeros(1, np.float32)) for p in probs.numpy()]
    return out


def pair_truth() -> dict[str, tuple[set[str], set[str]]]:
    """ "a+b" (the two pictures side by side) -> (words either shows, words either leaves unsure)."""
    out = {}
    for a, b in itertools.permutations(TRUTH, 2):
        shows = TRUTH[a][0] | TRUTH[b][0]
        out[f"{a}+{b}"] = (shows, (TRUTH[a][1] | TRUTH[b][1]) - shows)
    return out


def triple_truth(n: int = 150, seed: int = 0) -> dict[str, tuple[set[str], set[str]]]:
    """ "a+b+c" (three pictures side by side; ``n`` ordered triples drawn with ``seed``) -> (words any
    shows, words any leaves unsure)."""
    import random

    out = {}
    for names in random.Random(seed).sample(list(itertools.permutations(TRUTH, 3)), n):
        shows = set().union(*(TRUTH[x][0] for x in names))
        out["+".join(names)] = (shows, set().union(*(TRUTH[x][1] for x in names)) - shows)
    return out


def pair_views(
    encoder: EfficientNetLite0Encoder, crops: bool, names: list[str] | None = None
) -> dict[str, list[EntryView]]:
    """Pictures side by side on a 640x360 frame (every ordered pair, or the "a+b+c" ``names``), read as
    a memory entry is: whole, by windows and (``crops``) by the encoder's square crops."""

    from benchmarks.sets.media import side_by_side
    from streamvu.answerers.grounded.regions import seen_probs

    out = {}
    for name in names or pair_truth():
        pictures = [np.asarray(image(n).convert("RGB").resize((224, 224))) for n in name.split("+")]
        item = encoder.encode([Frame(0.0, 0, side_by_side(pictures, (640, 360)))])[0]
        regions = [item.regions] if crops else None
        probs = seen_probs(encoder.class_probs, item.pooled[None], [item.tokens], [item.grid], regions)
        out[name] = [EntryView(0.0, 1.0, probs.numpy()[0], np.zeros(1, np.float32))]
    return out


def measure(
    scorer: PhraseScorer,
    entries: dict[str, list[EntryView]],
    threshold: float,
    truth: dict[str, tuple[set[str], set[str]]] = TRUTH,
) -> dict:
    tp = fp = fn = tn = 0
    errors = []
    for name, (shows, unsure) in truth.items():
        for word in WORDS:
            if word in unsure:
                continue
            for i, s in enumerate(scorer.scores(word, entries[name])):
                yes, truth = bool(s >= threshold), word in shows
                tp += yes and truth
                fp += yes and not truth
                fn += truth and not yes
                tn += not yes and not truth
                if yes != truth:
                    errors.append(f"{name}[{i}] {word!r}: {s:.2f} ({'missed' if truth else 'false yes'})")
    return {
        "recall": tp / max(1, tp + fn),
        "false_yes": fp / max(1, fp + tn),
        "precision": tp / max(1, tp + fp),
        "positives": tp + fn,
        "negatives": fp + tn,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args(argv)
    encoder, embedder = EfficientNetLite0Encoder(), TextEmbedder()
    base = GroundedAnswerer(encoder, embedder).grounder.scorer
    text_only = PhraseScorer(
        base.class_names, base.class_keys, encoder.classifier_weight, embedder.embed, wordnet=False
    )
    whole, windows = views(encoder, regions=False), views(encoder)
    result = {"threshold": DEFAULT_THRESHOLD}
    runs = (
        ("text only", text_only, whole),
        ("text + WordNet", base, whole),
        ("+ frame windows", base, windows),
    )
    pairs, triples = pair_truth(), triple_truth()
    squares = EfficientNetLite0Encoder(EfficientNetConfig(panels=False))
    thirds = EfficientNetLite0Encoder(EfficientNetConfig(panels=False, thirds=True, region_size=128))
    runs += (
        ("side by side: whole + windows", base, pair_views(encoder, crops=False), pairs),
        ("side by side: + 3 squares", base, pair_views(squares, crops=True), pairs),
        ("side by side: + ends and thirds", base, pair_views(thirds, crops=True), pairs),
        ("side by side: + panels", base, pair_views(encoder, crops=True), pairs),
        ("three side by side: + 3 squares", base, pair_views(squares, True, list(triples)), triples),
        ("three side by side: + ends, thirds", base, pair_views(thirds, True, list(triples)), triples),
        ("three side by side: + panels", base, pair_views(encoder, True, list(triples)), triples),
    )
    for label, scorer, entries, *truth in runs:
        r = measure(scorer, entries, DEFAULT_THRESHOLD, *truth)
        # skimage's horse is a black silhouette, whose crops read as a dog
        r["without_horse"] = measure(
            scorer,
            entries,
            DEFAULT_THRESHOLD,
            {k: v for k, v in (truth or [TRUTH])[0].items() if "horse" not in k},
        )
        result[label] = r
        w = r["without_horse"]
        print(
            f"{label:36s} recall {r['recall']:.0%} of {r['positives']}, false yes {r['false_yes']:.1%} of "
            f"{r['negatives']}, precision {r['precision']:.0%}; without the horse: {w['recall']:.0%}, "
            f"{w['false_yes']:.1%}"
        )
        for e in r["errors"]:
            print("   ", e)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "category_precision.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
