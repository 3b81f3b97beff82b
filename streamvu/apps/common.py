"""Arguments and helpers shared by the ``streamvu`` subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_pipeline_args(p: argparse.ArgumentParser, video: bool = True) -> None:
    """The options every command that runs the pipeline accepts."""
    if video:
        p.add_argument("video", help="a video file, a folder of images (with --frame-fps), or sample:bikes / "
                                     "sample:bigbuckbunny / sample:carphone")
    p.add_argument("--fps", type=float, default=1.0, help="frames sampled per second of video (default 1)")
    p.add_argument("--backend", default="auto", help="decoder: auto, pyav, decord or opencv")
    p.add_argument("--model", default="embedded",
                   help="answer model: embedded (default), or a Hugging Face VLM name or local path (e.g. "
                        "Qwen/Qwen2.5-VL-3B-Instruct), which then also encodes the frames")
    p.add_argument("--keep-ratio", type=float, default=0.5, help="fraction of visual tokens kept by pruning")
    p.add_argument("--feature-cache", nargs="?", const="auto", default=None, metavar="DIR",
                   help="reuse encoded features from an on-disk cache (default dir: the streamvu cache dir)")
    p.add_argument("--reuse-threshold", type=float, default=None, metavar="X",
                   help="reuse the previous frame's tokens when a frame changed less than X (e.g. 0.02)")
    p.add_argument("--fast-decode", action="store_true",
                   help="skip the H.264/HEVC deblocking filter when reading files (faster; faint block edges)")
    p.add_argument("--device", default="auto",
                   help="torch device for the models: auto (CUDA for a VLM when available, else CPU), cpu, cuda, cuda:1")
    if video:  # VIDEO may be a folder of images
        p.add_argument("--frame-fps", type=float, default=None, metavar="FPS",
                       help="VIDEO is a folder of images: read it at this many images per second")
        p.add_argument("--time-offset", type=float, default=0.0, metavar="S",
                       help="folder of images: time in seconds of its first image (default 0)")
    p.add_argument("--no-progress", action="store_true", help="hide progress bars")


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


def check_video(source: str, frame_fps: float | None = None) -> str:
    """Resolve ``sample:NAME`` and fail early, clearly, on a missing file or a folder of frames
    given without ``--frame-fps``."""
    from streamvu.errors import SourceError
    from streamvu.ingest.samples import resolve_source

    path = resolve_source(source)
    if "://" not in path and not Path(path).exists():
        raise SourceError(f"no such video file: {path}")
    if "://" not in path and Path(path).is_dir() and frame_fps is None:
        raise SourceError(f"{path} is a directory: to read it as a folder of frames give --frame-fps")
    return path
