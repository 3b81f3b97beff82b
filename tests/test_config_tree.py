"""One config tree, one name per setting, and the command line checked against it.

Every subcommand that runs the pipeline takes the options of ``add_pipeline_args``; each of them sets
exactly one field of the tree (``PIPELINE_FLAGS``) and has that field's default. Every field of the
tree either has an option or is listed below as Python-only, with the reason.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import types
import typing

import pytest

from streamvu.answerers.config import AnswererConfig
from streamvu.answerers.grounded import GroundingConfig
from streamvu.apps.cli import build_parser
from streamvu.apps.common import PIPELINE_FLAGS, PipelineSpec, pipeline_config
from streamvu.pipeline.config import PipelineConfig
from streamvu.pipeline.query import QueryConfig
from streamvu.pipeline.stream_config import StreamConfig

# fields (or whole sub-configs, by prefix) a user reaches from Python only, and why
PYTHON_ONLY: dict[str, str] = {
    "pipeline.max_side": "frame size before encoding, set for the encoders shipped; a research knob",
    "pipeline.encoder": "the answer model picks its encoder (--model); another one is for experiments",
    "pipeline.sightings": "on by default and cheap (a few ms a frame); off only to measure it",
    "pipeline.temporal_reuse.partial": "tuning of temporal reuse, which --reuse-threshold turns on",
    "pipeline.temporal_reuse.max_changed": "tuning of temporal reuse, which --reuse-threshold turns on",
    "pipeline.temporal_reuse.refresh_every": "tuning of temporal reuse, which --reuse-threshold turns on",
    "pipeline.temporal_reuse.stats_cell": "tuning of temporal reuse, which --reuse-threshold turns on",
    "pipeline.temporal_reuse.audit_every": "measures reuse error (benchmarks/encode.py), costs encoder time",
    "pipeline.memory": "memory layout and retrieval keys: bounded by default, sized by a library user",
    "pipeline.query.now_window_s": "how far 'now' reaches: the default the answer-quality suites measure",
    "pipeline.query.top_k": "entries a past question retrieves: the default the suites measure",
    "pipeline.query.prune": "pruning score weights: kernel research (benchmarks/prune.py)",
    "pipeline.query.impl": "auto takes the Triton kernel on CUDA; the others only to compare them",
    "pipeline.query.max_question_chars": "a guard against runaway input, not a preference",
    "pipeline.answerer.grounding": "calibrated thresholds (benchmarks/calibrate_grounding.py, README)",
    "pipeline.answerer.vlm": "generation settings of a Hugging Face VLM answerer, for library use",
    "pipeline.answerer.served.model": "never set in the tree: answerer.model (--model) names it",
    "pipeline.answerer.served.image_side": "client tuning; the defaults suit vLLM and SGLang",
    "pipeline.answerer.served.jpeg_quality": "client tuning; the defaults suit vLLM and SGLang",
    "pipeline.answerer.served.timeout_s": "client tuning; the defaults suit vLLM and SGLang",
    "pipeline.answerer.served.retries": "client tuning; the defaults suit vLLM and SGLang",
    "pipeline.answerer.served.backoff_s": "client tuning; the defaults suit vLLM and SGLang",
    "pipeline.answerer.served.max_tokens": "client tuning; the defaults suit vLLM and SGLang",
    "pipeline.answerer.served.temperature": "0 keeps answers reproducible",
    "pipeline.answerer.served.prefix_order": "off only to measure what the prompt order is worth",
    "pipeline.answerer.served.check": "off only in tests without a server",
    "workers": "answer threads of a library Stream; the commands set their own",
    "until": "a library Stream's stop time; ask takes --at",
    "batch_size": "chosen per source (8 for files, 1 for live ones)",
    "first_frame_timeout_s": "a library Stream's wait for its first frame",
    "future_wall_timeout_s": "a wall-clock limit for library use; watch takes --within (stream time)",
    "trigger": "when a future question fires: measured thresholds (README)",
}

# options of the stream commands that set a StreamConfig field (command, dest) -> field
STREAM_FLAGS: dict[tuple[str, str], str] = {
    ("watch", "speed"): "speed",
    ("watch", "timeout"): "source_timeout_s",
    ("demo", "queue_size"): "queue_size",
}
# caption's options -> CaptionConfig fields (the command builds one from them)
CAPTION_FLAGS: dict[str, str] = {
    "segment": "segment_s",
    "scene_threshold": "scene_threshold",
    "min_scene": "min_segment_s",
    "max_scene": "max_segment_s",
    "summary": "summary",
}
# StreamConfig fields a command sets in its own way, not as an option with the field's default
STREAM_BY_COMMAND: dict[str, str] = {
    "realtime": "watch replays a file like a camera unless --fast",
    "future_timeout_s": "watch's --within, per question (its default None: the config's 300 s)",
}
# options whose default differs from their field's on purpose
DEFAULT_DIFFERS: dict[tuple[str, str], str] = {
    ("eval ovbench", "fps"): "both benchmarks' streaming settings sample 2 frames per second",
    ("eval ovobench", "fps"): "both benchmarks' streaming settings sample 2 frames per second",
}
VIDEO_ONLY = {"frame_fps", "time_offset"}  # options of commands that read one VIDEO argument


def _kinds(hint) -> tuple:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _sub_config(hint):
    """The dataclass a field holds (itself or inside ``X | None``), else None."""
    found = [k for k in _kinds(hint) if dataclasses.is_dataclass(k)]
    return found[0] if found else None


def leaves(cls: type, prefix: str = "") -> dict[str, dataclasses.Field]:
    """Every setting under ``cls``: dotted path -> its dataclass field."""
    hints = typing.get_type_hints(cls)
    out = {}
    for f in dataclasses.fields(cls):
        sub = _sub_config(hints[f.name])
        if sub is not None:
            out.update(leaves(sub, f"{prefix}{f.name}."))
        else:
            out[prefix + f.name] = f
    return out


def default_at(path: str, root: type = PipelineConfig) -> tuple[object, bool]:
    """(the field's own default, dataclasses.MISSING when it has none; whether an optional sub-config on the
    way to it defaults to None, so that the field is off until an option switches its sub-config on)."""
    cls, off = root, False
    *parents, name = path.split(".")
    for part in [*parents, name]:
        f = {f.name: f for f in dataclasses.fields(cls)}[part]
        value = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
        if part == name:
            return value, off
        off = off or value is None
        cls = _sub_config(typing.get_type_hints(cls)[part])
    raise AssertionError(path)


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every (sub)command parser by its name ("ask", "eval ovbench", ...)."""
    parser, _ = build_parser()
    found = {}

    def visit(p: argparse.ArgumentParser, name: str) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs and name:
            found[name] = p
        for sub in subs:
            for child, child_parser in sub.choices.items():
                visit(child_parser, f"{name} {child}".strip())

    visit(parser, "")
    return found


def options(p: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """dest -> the action that shows in --help (a hidden alias is skipped)."""
    return {a.dest: a for a in p._actions if a.option_strings and a.help != argparse.SUPPRESS}


PIPELINE_COMMANDS = ("ask", "caption", "watch", "demo", "eval ovbench", "eval ovobench")


def test_the_commands_that_run_the_pipeline_take_every_pipeline_option():
    found = parsers()
    assert set(PIPELINE_COMMANDS) <= set(found)
    for name in PIPELINE_COMMANDS:
        takes_video = any(a.dest == "video" for a in found[name]._actions)
        want = set(PIPELINE_FLAGS) - (set() if takes_video else VIDEO_ONLY)
        missing = want - set(options(found[name]))
        assert not missing, f"streamvu {name} lacks {sorted(missing)}"
    for name, p in found.items():  # a command without the pipeline takes none of its options
        if name not in PIPELINE_COMMANDS:
            assert not set(PIPELINE_FLAGS) & set(options(p)), name


def test_each_pipeline_option_is_one_field_with_its_default():
    tree = leaves(PipelineConfig)
    assert len(set(PIPELINE_FLAGS.values())) == len(PIPELINE_FLAGS)  # no field set by two options
    for name in PIPELINE_COMMANDS:
        p = parsers()[name]
        for dest, action in options(p).items():
            if dest not in PIPELINE_FLAGS:
                continue
            path = PIPELINE_FLAGS[dest]
            assert path in tree, f"--{dest} names {path}, which is no field of PipelineConfig"
            if (name, dest) in DEFAULT_DIFFERS:
                continue
            default, off = default_at(path)
            ok = action.default == default or (action.default is None and off)
            assert ok, (
                f"streamvu {name} {action.option_strings[0]}: {action.default!r}, the field's {default!r}"
            )
            said = re.search(r"\(default:? ([0-9.]+)", action.help or "")
            if said:  # a default the help states is the real one
                assert float(said.group(1)) == action.default, (
                    f"streamvu {name} {action.option_strings[0]} help"
                )


def test_every_setting_has_an_option_or_a_reason():
    paths = {f"pipeline.{p}" for p in leaves(PipelineConfig)} | {
        p for p in leaves(StreamConfig) if not p.startswith("pipeline.")
    }
    flagged = {f"pipeline.{p}" for p in PIPELINE_FLAGS.values()} | set(STREAM_FLAGS.values())

    def python_only(path: str) -> bool:
        return any(path == k or path.startswith(k + ".") for k in PYTHON_ONLY)

    unreached = sorted(
        p for p in paths if p not in flagged and not python_only(p) and p not in STREAM_BY_COMMAND
    )
    assert not unreached, f"give these an option or a reason in PYTHON_ONLY: {unreached}"
    both = sorted(p for p in flagged if python_only(p))
    assert not both, f"listed as Python-only but they have an option: {both}"
    stale = sorted(k for k in PYTHON_ONLY if not any(p == k or p.startswith(k + ".") for p in paths))
    assert not stale, f"no such settings any more: {stale}"


def test_stream_options_have_their_fields_defaults():
    found = parsers()
    fields = leaves(StreamConfig)
    for (command, dest), path in STREAM_FLAGS.items():
        assert path in fields
        assert options(found[command])[dest].default == default_at(path, StreamConfig)[0], (command, dest)


def test_caption_options_have_their_fields_defaults():
    from streamvu.apps.captioning import CaptionConfig

    caption = options(parsers()["caption"])
    fields = {f.name: f.default for f in dataclasses.fields(CaptionConfig)}
    for dest, name in CAPTION_FLAGS.items():
        assert caption[dest].default == fields[name], dest
    assert not caption["scenes"].default and fields["segmentation"] == "fixed"  # --scenes: "scene"
    assert set(fields) == {*CAPTION_FLAGS.values(), "segmentation"}  # every field has its option


def test_each_option_lands_on_its_field():
    """Every pipeline option given a value other than its default puts that value at its field."""
    values = {
        "fps": "3",
        "backend": "pyav",
        "frame_fps": "5",
        "time_offset": "2",
        "device": "cpu",
        "disk_cache": "/tmp/streamvu-features",
        "reuse_threshold": "0.1",
        "keep_ratio": "0.25",
        "model": "smollm2",
        "server": "http://127.0.0.1:9/v1",
        "api_key_env": "MY_KEY",
        "max_images": "3",
    }
    assert set(values) | {"fast_decode"} == set(PIPELINE_FLAGS)
    argv = ["ask", "v.mp4", "what?", "--fast-decode"]
    for dest, text in values.items():
        argv += [f"--{dest.replace('_', '-')}", text]
    args = build_parser("ask")[0].parse_args(argv)
    config = pipeline_config(args)
    for dest, path in PIPELINE_FLAGS.items():
        value: object = config
        for part in path.split("."):
            value = getattr(value, part)
        assert value == getattr(args, dest) and value != default_at(path)[0], (dest, value)


def test_defaults_build_the_default_config():
    args = build_parser("ask")[0].parse_args(["ask", "v.mp4", "what?"])
    assert pipeline_config(args) == PipelineConfig()
    caption = build_parser("caption")[0].parse_args(["caption", "v.mp4"])  # no folder options
    assert pipeline_config(caption) == PipelineConfig()


def test_the_former_feature_cache_option_is_a_hidden_alias():
    p = build_parser("ask")[0]
    args = p.parse_args(["ask", "v.mp4", "what?", "--feature-cache", "/tmp/f"])
    assert args.disk_cache == "/tmp/f" and pipeline_config(args).disk_cache == "/tmp/f"
    text = parsers()["ask"].format_help()
    assert "--feature-cache" not in text and "--disk-cache" in text
    assert p.parse_args(["ask", "v.mp4", "what?", "--disk-cache"]).disk_cache == "auto"


def test_one_name_per_setting():
    names = [path.rpartition(".")[2] for path in leaves(StreamConfig)]
    assert names.count("now_window_s") == 1
    assert not any(f.name == "now_window_s" for f in dataclasses.fields(GroundingConfig))
    # the served model is answerer.model; a second name for it is refused
    from streamvu.answerers.served.config import ServedConfig

    with pytest.raises(ValueError, match="AnswererConfig.model"):
        AnswererConfig(served=ServedConfig("http://127.0.0.1:9/v1", model="m"))
    # the command-line recipe holds a PipelineConfig and re-declares none of its fields
    assert [f.name for f in dataclasses.fields(PipelineSpec)] == ["config"]


def test_the_answer_model_is_nested_and_a_name_still_works():
    assert PipelineConfig(answerer="smollm2").answerer == AnswererConfig(model="smollm2")
    assert PipelineConfig().answerer.model == "grounded"
    assert PipelineConfig().resolved_device() == "cpu"  # the grounded default runs on the CPU
    assert PipelineConfig(device="cpu").resolved_device() == "cpu"
    with pytest.raises(ValueError, match="unknown device"):
        PipelineConfig(device="tpu")


def test_the_grounded_answerer_reads_the_query_now_window(encoder, embedder):
    from streamvu.pipeline.engine import Pipeline

    pipe = Pipeline(PipelineConfig(query=QueryConfig(now_window_s=3.0)), encoder=encoder, embedder=embedder)
    assert pipe.answerer.now_window_s == 3.0 and pipe.config.device == "cpu"
