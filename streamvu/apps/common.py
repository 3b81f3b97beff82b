"""Arguments and helpers shared by the ``streamvu`` subcommands."""

from __future__ import annotations

import argparse
import math
import os
import sys


def finite_float(text: str) -> float:
    """argparse type: a float that is a real number (not nan or inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def add_pipeline_args(p: argparse.ArgumentParser, video: bool = True, quiet_flags: bool = False) -> None:
    """The options every command that runs the pipeline accepts.

    quiet_flags: also accept ``-q`` / ``--quiet`` as names of ``--no-progress`` (a command with its
    own ``-q`` leaves this off).
    """
    if video:
        p.add_argument("video", help="a video file, a folder of images (with --frame-fps), or sample:bikes / "
                                     "sample:bigbuckbunny / sample:carphone")
    p.add_argument("--fps", type=finite_float, default=1.0, help="frames sampled per second of video (default 1)")
    p.add_argument("--backend", default="auto", help="decoder: auto, pyav, decord or opencv")
    p.add_argument("--model", default="embedded",
                   help="answer model: embedded (default), or a Hugging Face VLM name or local path (e.g. "
                        "Qwen/Qwen2.5-VL-3B-Instruct), which then also encodes the frames")
    p.add_argument("--keep-ratio", type=finite_float, default=0.5, help="fraction of visual tokens kept by pruning")
    p.add_argument("--feature-cache", nargs="?", const="auto", default=None, metavar="DIR",
                   help="reuse encoded features from an on-disk cache (default dir: the streamvu cache dir)")
    p.add_argument("--reuse-threshold", type=finite_float, default=None, metavar="X",
                   help="reuse the previous frame's tokens when a frame changed less than X (e.g. 0.02)")
    p.add_argument("--fast-decode", action="store_true",
                   help="skip the H.264/HEVC deblocking filter when reading files (faster; faint block edges)")
    p.add_argument("--device", default="auto",
                   help="torch device for the models: auto (CUDA for a VLM when available, else CPU), cpu, cuda, cuda:1")
    if video:  # VIDEO may be a folder of images
        p.add_argument("--frame-fps", type=finite_float, default=None, metavar="FPS",
                       help="VIDEO is a folder of images: read it at this many images per second")
        p.add_argument("--time-offset", type=finite_float, default=0.0, metavar="S",
                       help="folder of images: time in seconds of its first image (default 0)")
    quiet = ("--no-progress", "-q", "--quiet") if quiet_flags else ("--no-progress",)
    p.add_argument(*quiet, dest="no_progress", action="store_true",
                   help="print only results and errors: no progress bars or library messages")


def quiet_libraries(environment: bool = False) -> None:
    """Silence the progress bars and chatter of the libraries the models load with (transformers,
    huggingface_hub, sentence-transformers, tqdm).

    environment: also set the environment variables the libraries read when they are imported
    (tqdm reads ``TQDM_DISABLE`` only then); for the program itself, before it imports them. The
    process's environment then stays so, and child processes inherit it.
    """
    import logging
    import warnings

    if environment:
        os.environ.update(HF_HUB_DISABLE_PROGRESS_BARS="1", TRANSFORMERS_VERBOSITY="error", TQDM_DISABLE="1")
    warnings.filterwarnings("ignore")
    for name in ("transformers", "sentence_transformers", "huggingface_hub", "accelerate"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()


def make_pipeline(args: argparse.Namespace):
    """A :class:`Pipeline` configured from :func:`add_pipeline_args` options."""
    from streamvu.answerers.registry import is_embedded
    from streamvu.encoders.feature_cache import FeatureCacheConfig
    from streamvu.pipeline.engine import Pipeline, PipelineConfig
    from streamvu.pipeline.query import QueryConfig

    reuse = None if args.reuse_threshold is None else FeatureCacheConfig(threshold=args.reuse_threshold)
    # --model NAME_OR_PATH of a VLM: Pipeline encodes the frames with its vision tower and the same loaded
    # model answers (the encoder is left at its default so that Pipeline picks the answerer's)
    device = args.device
    if device == "auto":
        import torch

        device = "cuda" if torch.cuda.is_available() and not is_embedded(args.model) else "cpu"
    config = PipelineConfig(
        fps=args.fps, backend=args.backend, answerer=args.model,
        query=QueryConfig(keep_ratio=args.keep_ratio), feature_reuse=reuse, feature_cache=args.feature_cache,
        device=device, fast_decode=args.fast_decode, frame_fps=getattr(args, "frame_fps", None),
        time_offset=getattr(args, "time_offset", 0.0),
    )
    return Pipeline(config)
