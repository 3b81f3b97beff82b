"""Arguments and helpers shared by the ``streamvu`` subcommands."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import math
import os
import sys
import typing
from dataclasses import dataclass

if typing.TYPE_CHECKING:
    from streamvu.pipeline.config import PipelineConfig


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
    _add_sampling_args(p)
    _add_model_args(p)
    _add_memory_args(p)
    _add_device_args(p)
    if video:  # VIDEO may be a folder of images
        _add_image_folder_args(p)
    _add_quiet_args(p, quiet_flags)


def _add_sampling_args(p: argparse.ArgumentParser) -> None:
    """Which frames are read, and by which decoder."""
    p.add_argument(
        "--fps", type=fps_value, default=1.0, help="frames sampled per second of video (default 1)"
    )
    p.add_argument("--backend", default="auto", help="decoder: auto, pyav, decord or opencv")


def _add_model_args(p: argparse.ArgumentParser) -> None:
    """The answer model: loaded here, or behind a server."""
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


def _add_memory_args(p: argparse.ArgumentParser) -> None:
    """What memory keeps of each frame, and the features reused from earlier frames and runs."""
    p.add_argument(
        "--keep-ratio", type=positive_fraction, default=0.5, help="fraction of visual tokens kept by pruning"
    )
    p.add_argument(
        "--disk-cache",
        nargs="?",
        const="auto",
        default=None,
        metavar="DIR",
        help="reuse encoded features from an on-disk cache on a later run over the same file "
        "(default dir: the streamvu cache dir)",
    )
    p.add_argument(  # its former name
        "--feature-cache", dest="disk_cache", nargs="?", const="auto", default=None, help=argparse.SUPPRESS
    )
    p.add_argument(
        "--reuse-threshold",
        type=fraction,
        default=None,
        metavar="X",
        help="temporal reuse: reuse the previous frame's tokens when a frame changed less than X (e.g. 0.02)",
    )


def _add_device_args(p: argparse.ArgumentParser) -> None:
    """How fast files decode, and where the models run."""
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


def _add_image_folder_args(p: argparse.ArgumentParser) -> None:
    """VIDEO as a folder of images: its frame rate and its first image's time."""
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


def _add_quiet_args(p: argparse.ArgumentParser, quiet_flags: bool) -> None:
    """``--no-progress`` (with ``quiet_flags``, also ``-q`` / ``--quiet``)."""
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


# Each pipeline option sets one field of the config tree (a dotted path in PipelineConfig);
# tests/test_config_tree.py checks both ways that the options and the fields agree, defaults included.
# The options are written out, not generated from the dataclasses: the config modules import torch, and
# a bad argument is refused before torch is imported.
PIPELINE_FLAGS: dict[str, str] = {
    "fps": "fps",
    "backend": "backend",
    "fast_decode": "fast_decode",
    "frame_fps": "frame_fps",
    "time_offset": "time_offset",
    "device": "device",
    "disk_cache": "disk_cache",
    "reuse_threshold": "temporal_reuse.threshold",
    "keep_ratio": "query.keep_ratio",
    "model": "answerer.model",
    "server": "answerer.served.url",
    "api_key_env": "answerer.served.api_key_env",
    "max_images": "answerer.served.max_images",
}


def pipeline_config(args: argparse.Namespace) -> PipelineConfig:
    """The :class:`PipelineConfig` the :func:`add_pipeline_args` options ask for: each option sets the field
    :data:`PIPELINE_FLAGS` names (an option a command lacks leaves its field at the default). An optional
    part of the tree (``temporal_reuse``, ``answerer.served``) is made when its option that takes no
    None is given (``--reuse-threshold``, ``--server``), and left None otherwise."""
    from streamvu.pipeline.config import PipelineConfig

    given = vars(args)
    tree: dict = {}
    for dest, path in PIPELINE_FLAGS.items():
        if dest in given:
            *parents, name = path.split(".")
            node = tree
            for part in parents:
                node = node.setdefault(part, {})
            node[name] = given[dest]
    return _build(PipelineConfig, tree)


def _build(cls: type, values: dict):
    """``cls(**values)`` with nested dicts built as the dataclasses their fields hold; None when a value is
    None for a field that takes no None (an optional sub-config left off)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for name, value in values.items():
        kinds = typing.get_args(hints[name]) or (hints[name],)
        if isinstance(value, dict):
            value = _build(next(k for k in kinds if dataclasses.is_dataclass(k)), value)
        elif value is None and type(None) not in kinds:
            return None
        if value is not None or type(None) in kinds:
            kwargs[name] = value
    return cls(**kwargs)


@dataclass(frozen=True)
class PipelineSpec:
    """A picklable recipe for a :class:`Pipeline`, built where it runs: its config, with device "auto"
    resolved there (on a Ray worker, that worker's own GPU)."""

    config: PipelineConfig

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> PipelineSpec:
        return cls(pipeline_config(args))

    def model_names(self) -> tuple[str, str]:
        """(encoder name, answerer name) the built pipeline will report, without loading anything."""
        from streamvu.answerers.registry import encoder_for, is_embedded

        answer = self.config.answerer
        encoder = self.config.encoder or encoder_for(answer.model, answer.served)
        if answer.served is not None:
            return encoder, answer.model.strip()
        return encoder, "grounded" if is_embedded(answer.model) else answer.model.strip()

    def build(self):
        """Load the models: a ready :class:`Pipeline`."""
        from streamvu.pipeline.engine import Pipeline

        return Pipeline(self.config)


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
