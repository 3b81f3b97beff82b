"""Arguments and helpers shared by the ``streamvu`` subcommands."""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from dataclasses import dataclass


def finite_float(text: str) -> float:
    """argparse type: a float that is a real number (not nan or inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


SECONDS_MAX = 1e7
"""The longest time any option takes, in seconds (~115 days): anything longer is a typo."""
FPS_MAX = 1000.0
"""The highest frame rate an option takes: no video has more frames per second."""


def bounded(
    low: float | None = None,
    high: float | None = None,
    *,
    above: bool = False,
    integer: bool = False,
    what: str = "a number",
):
    """An argparse type: a finite number (an int with ``integer``) in ``[low, high]`` (``(low, high]``
    with ``above``). Its errors name the value and the range; argparse prefixes the flag."""

    def parse(text: str) -> float | int:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            kind = "a whole number" if integer else "a number"
            raise argparse.ArgumentTypeError(f"expected {kind}, got {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
        if low is not None and (value <= low if above else value < low):
            raise argparse.ArgumentTypeError(f"{what} must be {'>' if above else '>='} {low:g}, got {text}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(f"{what} must be at most {high:g}, got {text}")
        return value

    parse.__name__ = what  # argparse's fallback message names the type
    return parse


fps_value = bounded(0, FPS_MAX, above=True, what="frames per second")
seconds = bounded(0, SECONDS_MAX, what="seconds")
positive_seconds = bounded(0, SECONDS_MAX, above=True, what="seconds")
fraction = bounded(0, 1, what="a fraction")
positive_fraction = bounded(0, 1, above=True, what="a fraction")


def add_pipeline_args(p: argparse.ArgumentParser, video: bool = True, quiet_flags: bool = False) -> None:
    """The options every command that runs the pipeline accepts.

    quiet_flags: also accept ``-q`` / ``--quiet`` as names of ``--no-progress`` (a command with its
    own ``-q`` leaves this off).
    """
    if video:
        p.add_argument(
            "video",
            help="a video file, a folder of images (with --frame-fps), or sample:bikes / "
            "sample:bigbuckbunny / sample:carphone",
        )
    p.add_argument(
        "--fps", type=fps_value, default=1.0, help="frames sampled per second of video (default 1)"
    )
    p.add_argument("--backend", default="auto", help="decoder: auto, pyav, decord or opencv")
    p.add_argument(
        "--model",
        default="grounded",
        help="answer model: grounded (default, offline; 'embedded' is the same), smollm2, or a Hugging Face "
        "VLM name or local path (e.g. "
        "Qwen/Qwen2.5-VL-3B-Instruct), which then also encodes the frames; with --server, the model's name there",
    )
    p.add_argument(
        "--server",
        default=None,
        metavar="URL",
        help="answer with a model behind an OpenAI-compatible server (vLLM, SGLang, llama.cpp, transformers "
        "serve), e.g. http://127.0.0.1:8000/v1; --model names it (default: the server's only model)",
    )
    p.add_argument(
        "--api-key-env",
        default="OPENAI_API_KEY",
        metavar="VAR",
        help="environment variable holding the server's API key (default OPENAI_API_KEY; never printed)",
    )
    p.add_argument(
        "--max-images",
        type=bounded(0, 1024, integer=True, what="a number of images"),
        default=16,
        metavar="N",
        help="with --server: at most N memory entries sent as images per prompt (the server's limit, e.g. "
        "vLLM's --limit-mm-per-prompt; default 16); 0 sends their textual evidence only (a text-only model)",
    )
    p.add_argument(
        "--keep-ratio", type=positive_fraction, default=0.5, help="fraction of visual tokens kept by pruning"
    )
    p.add_argument(
        "--feature-cache",
        nargs="?",
        const="auto",
        default=None,
        metavar="DIR",
        help="reuse encoded features from an on-disk cache (default dir: the streamvu cache dir)",
    )
    p.add_argument(
        "--reuse-threshold",
        type=fraction,
        default=None,
        metavar="X",
        help="reuse the previous frame's tokens when a frame changed less than X (e.g. 0.02)",
    )
    p.add_argument(
        "--fast-decode",
        action="store_true",
        help="skip the H.264/HEVC deblocking filter when reading files (faster; faint block edges)",
    )
    p.add_argument(
        "--device",
        default="auto",
        help="torch device for the models: auto (CUDA for a VLM when available, else CPU), cpu, cuda, cuda:1",
    )
    if video:  # VIDEO may be a folder of images
        p.add_argument(
            "--frame-fps",
            type=fps_value,
            default=None,
            metavar="FPS",
            help="VIDEO is a folder of images: read it at this many images per second",
        )
        p.add_argument(
            "--time-offset",
            type=seconds,
            default=0.0,
            metavar="S",
            help="folder of images: time in seconds of its first image (default 0)",
        )
    quiet = ("--no-progress", "-q", "--quiet") if quiet_flags else ("--no-progress",)
    p.add_argument(
        *quiet,
        dest="no_progress",
        action="store_true",
        help="print only results and errors: no progress bars or library messages",
    )


def quiet_libraries(environment: bool = False) -> None:
    """Silence the progress bars and chatter of the libraries the models load with (transformers,
    huggingface_hub, sentence-transformers, tqdm).

    environment: also set the environment variables the libraries read when they are imported
    (tqdm reads ``TQDM_DISABLE`` only then); for the program itself, before it imports them. The
    process's environment then stays so, and child processes inherit it.
    """
    import warnings

    if environment:
        os.environ.update(
            HF_HUB_DISABLE_PROGRESS_BARS="1",
            TRANSFORMERS_VERBOSITY="error",
            TQDM_DISABLE="1",
            OPENCV_LOG_LEVEL="ERROR",  # "[ WARN:0@0.125] ... cap_v4l.cpp" for a missing camera
        )
    warnings.filterwarnings("ignore")
    for name in (
        "transformers",
        "sentence_transformers",
        "huggingface_hub",
        "accelerate",
        # its own level, so that ray.init's logging setup of "ray" does not bring the warning back
        "ray._private.authentication.authentication_token_setup",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)
    if "cv2" in sys.modules:
        try:
            sys.modules["cv2"].setLogLevel(2)  # errors only
        except AttributeError:
            pass
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()


# what the command line does not print from streamvu's own log: shutdown details no one can act on, and
# failures the command reports itself in its own one line
_UNSAID = ("ingest did not stop within", "ingest stopped:", "%s: stream ended")


def _sayable(record: logging.LogRecord) -> bool:
    if record.name == "streamvu.ingest.live" and record.levelno >= logging.ERROR:
        return False  # a lost stream: the command says so itself
    return not (isinstance(record.msg, str) and record.msg.startswith(_UNSAID))


def _sayable_quietly(record: logging.LogRecord) -> bool:
    # -q: the readers' running commentary (reconnecting, damaged data decoded past) is not said
    return _sayable(record) and not (
        record.name.startswith("streamvu.ingest") and record.levelno < logging.ERROR
    )


def configure_logging(quiet: bool = False) -> None:
    """streamvu's warnings to stderr, one plain line each, without the ones in ``_UNSAID`` (with
    ``quiet``, without the video readers' warnings either); once."""
    log = logging.getLogger("streamvu")
    if any(getattr(h, "_streamvu_cli", False) for h in log.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(logging.WARNING)
    handler.addFilter(_sayable_quietly if quiet else _sayable)
    handler._streamvu_cli = True  # type: ignore[attr-defined]
    log.addHandler(handler)


@dataclass(frozen=True)
class PipelineSpec:
    """A picklable recipe for a :class:`Pipeline`, built where it runs: on a Ray worker, device "auto"
    means that worker's own GPU. Fields as the options of :func:`add_pipeline_args`."""

    fps: float = 1.0
    backend: str = "auto"
    model: str = "grounded"
    keep_ratio: float = 0.5
    feature_cache: str | None = None
    reuse_threshold: float | None = None
    fast_decode: bool = False
    device: str = "auto"
    frame_fps: float | None = None
    time_offset: float = 0.0
    server: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    max_images: int = 16

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> PipelineSpec:
        return cls(
            fps=args.fps,
            backend=args.backend,
            model=args.model,
            keep_ratio=args.keep_ratio,
            feature_cache=args.feature_cache,
            reuse_threshold=args.reuse_threshold,
            fast_decode=args.fast_decode,
            device=args.device,
            frame_fps=getattr(args, "frame_fps", None),
            time_offset=getattr(args, "time_offset", 0.0),
            server=getattr(args, "server", None),
            api_key_env=getattr(args, "api_key_env", "OPENAI_API_KEY"),
            max_images=getattr(args, "max_images", 16),
        )

    def config(self, device: str | None = None):
        """The :class:`PipelineConfig` (``device`` overrides the resolved device, e.g. "cpu" to describe
        it on a machine without the GPU it will run on)."""
        from streamvu.encoders.feature_cache import FeatureCacheConfig
        from streamvu.pipeline.engine import PipelineConfig
        from streamvu.pipeline.query import QueryConfig

        reuse = None if self.reuse_threshold is None else FeatureCacheConfig(threshold=self.reuse_threshold)
        return PipelineConfig(
            fps=self.fps,
            backend=self.backend,
            answerer=self.model,
            query=QueryConfig(keep_ratio=self.keep_ratio),
            feature_reuse=reuse,
            feature_cache=self.feature_cache,
            device=device or self.resolved_device(),
            fast_decode=self.fast_decode,
            frame_fps=self.frame_fps,
            time_offset=self.time_offset,
            served=self.served(),
        )

    def served(self):
        """The :class:`~streamvu.answerers.served.ServedConfig` of ``--server`` (None without it)."""
        if self.server is None:
            return None
        from streamvu.answerers.served.config import ServedConfig

        return ServedConfig(self.server, api_key_env=self.api_key_env, max_images=self.max_images)

    def resolved_device(self) -> str:
        """ "auto": CUDA for a VLM when this machine has it, else CPU."""
        if self.device != "auto":
            return self.device
        if self.server is not None:  # the server runs the model; memory's encoder is small
            return "cpu"
        import torch

        from streamvu.answerers.registry import is_embedded

        return "cuda" if torch.cuda.is_available() and not is_embedded(self.model) else "cpu"

    def model_names(self) -> tuple[str, str]:
        """(encoder name, answerer name) the built pipeline will report, without loading anything."""
        from streamvu.answerers.registry import encoder_for, is_embedded

        if self.server is not None:
            return encoder_for(self.model, self.served()), self.model.strip()
        return encoder_for(self.model), "embedded" if is_embedded(self.model) else self.model.strip()

    def build(self):
        """Load the models: a ready :class:`Pipeline`."""
        from streamvu.pipeline.engine import Pipeline

        return Pipeline(self.config())


class LoadedPipeline:
    """A pipeline already loaded in this process, used where a :class:`PipelineSpec` is expected
    (local executor only: it is never shipped to another process)."""

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline

    def build(self):
        return self.pipeline

    def __reduce__(self):
        raise TypeError("a loaded Pipeline cannot be sent to Ray workers; pass a PipelineSpec")


def make_pipeline(args: argparse.Namespace):
    """A :class:`Pipeline` configured from :func:`add_pipeline_args` options."""
    # --model NAME_OR_PATH of a VLM: Pipeline encodes the frames with its vision tower and the same loaded
    # model answers (the encoder is left at its default so that Pipeline picks the answerer's)
    return PipelineSpec.from_args(args).build()
