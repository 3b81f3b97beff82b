"""No ``getattr``/``hasattr`` probing of the package's own objects: what an encoder or answerer can do is
declared (a protocol attribute, a method with a default, an ``isinstance`` check against a protocol).

Every ``getattr``/``hasattr`` call under ``streamvu/`` must be listed below by its module and first
argument (as written), with the reason it is there. ``JUSTIFIED``: objects that are not ours or whose
attributes are optional by nature. ``NOT_YET_DECLARED``: probes of our own objects still waiting for
a declared interface; shrink it, never grow it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

JUSTIFIED: dict[tuple[str, str], str] = {
    # third-party objects and optional modules: their attributes differ between versions and builds
    ("streamvu/__init__.py", "importlib.import_module(module)"): "PEP 562 lazy export: a name from a module",
    (
        "streamvu/answerers/served/client.py",
        "exc",
    ): "an exception from httpx or the OS; not all have strerror",
    ("streamvu/answerers/smollm2.py", "config"): "a transformers config; quantization_config is optional",
    ("streamvu/answerers/vlm/answerer.py", "cfg"): "a transformers AutoConfig; model_type may be absent",
    (
        "streamvu/answerers/vlm/decoding.py",
        "bundle.model.generation_config",
    ): "a transformers GenerationConfig",
    ("streamvu/models/hf_vlm.py", "cfg"): "a transformers config; token ids are named per family",
    ("streamvu/models/hf_vlm.py", "config"): "a transformers config; model_type may be absent",
    (
        "streamvu/models/hf_vlm.py",
        "inner",
    ): "a transformers model; the language model's name differs per family",
    ("streamvu/models/hf_vlm.py", "tokenizer"): "a transformers tokenizer; chat_template is optional",
    ("streamvu/models/hf_vlm.py", "transformers"): "a transformers class by the name its family uses",
    ("streamvu/apps/demo/layout.py", "request"): "a gradio request; session_hash is absent outside a session",
    ("streamvu/apps/demo/policy.py", "address"): "an ipaddress address; only IPv6 ones have ipv4_mapped",
    ("streamvu/apps/doctor.py", "faiss"): "optional module: CPU builds of faiss lack get_num_gpus",
    ("streamvu/memory/index.py", "faiss"): "optional module: CPU builds of faiss lack get_num_gpus",
    ("streamvu/apps/gpu_info.py", "props"): "torch device properties; these fields are newer than some torch",
    ("streamvu/encoders/detectors.py", "cv2"): "optional module: OpenCV builds differ in what they ship",
    ("streamvu/encoders/detectors.py", "data"): "cv2.data, absent in some OpenCV builds",
    ("streamvu/ingest/pyav_reader.py", "av"): "PyAV's error classes were renamed between versions",
    ("streamvu/apps/segments.py", "pooled"): "a torch tensor or a numpy array (torch is not imported here)",
    ("streamvu/apps/watch_cmd.py", "stdin"): "sys.stdin may be replaced by a text stream without a buffer",
    ("streamvu/atomic.py", "fh"): "any file object; not all have a name",
    ("streamvu/apps/common.py", "h"): "the root logger's handlers, ours marked among others'",
    ("streamvu/pipeline/stream_source.py", "frames"): "a caller's iterable of frames; generators have close",
    (
        "streamvu/answerers/served/answerer.py",
        "self._local",
    ): "threading.local: unset in a thread that never answered",
    # argparse namespaces: commands share code but not every option
    ("streamvu/apps/caption_cmd.py", "args"): "argparse namespace; --executor is not on every command",
    ("streamvu/apps/cli.py", "args"): "argparse namespace; --no-progress is not on every command",
    ("streamvu/apps/eval_cmd.py", "args"): "argparse namespace; --protocol is on one benchmark's parser only",
    ("streamvu/apps/preflight.py", "args"): "argparse namespace; folder options are not on every command",
    # optional module attributes of a command module (documented in streamvu.apps.cli)
    ("streamvu/apps/cli.py", "module"): "a command module's optional INTERRUPTED / INTERRUPT_GRACE_S",
    # an object's own fields by name, in a loop over its dataclass fields
    ("streamvu/kernels/prune_spec.py", "self"): "checks each of its own dataclass fields in a loop",
    ("streamvu/pipeline/stream_config.py", "self"): "checks each of its own dataclass fields in a loop",
    ("streamvu/encoders/feature_cache.py", "self"): "its own dataclass fields as a dict",
    # clean-up of an object whose __init__ may have failed part-way
    ("streamvu/ingest/decord_reader.py", "self"): "info is unset until the file opened",
    ("streamvu/ingest/live.py", "self"): "close() of a source whose __init__ may have failed",
    ("streamvu/ingest/opencv_reader.py", "self"): "close() of a source whose __init__ may have failed",
}

NOT_YET_DECLARED: dict[tuple[str, str], str] = {}


def probes() -> list[tuple[str, int, str, str]]:
    """(module path, line, first argument as written, call) of every getattr/hasattr call in the package."""
    found = []
    for path in sorted((ROOT / "streamvu").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), filename=rel)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
                and node.args
            ):
                found.append((rel, node.lineno, ast.unparse(node.args[0]), ast.unparse(node)))
    return found


def test_nothing_probes_our_own_objects():
    allowed = JUSTIFIED.keys() | NOT_YET_DECLARED.keys()
    unlisted = [
        f"{path}:{line}: {call}" for path, line, first, call in probes() if (path, first) not in allowed
    ]
    assert not unlisted, (
        "declare the capability (a protocol, a method with a default) instead of:\n" + "\n".join(unlisted)
    )


def test_every_listed_case_still_exists():
    """An entry whose probe is gone goes too (the lists only shrink)."""
    present = {(path, first) for path, _, first, _ in probes()}
    stale = sorted((JUSTIFIED.keys() | NOT_YET_DECLARED.keys()) - present)
    assert not stale, f"remove these entries, their probes are gone: {stale}"


def test_the_probes_issue_25_names_are_gone():
    calls = " ".join(call for *_, call in probes())
    for name in ("batch_size", "supports_regions", "labels_for_pooled", "cache_id", "'caption'", "summarize"):
        assert name not in calls, name
    assert "'llm'" not in calls and "'build'" not in calls


def test_encoders_declare_what_they_can_do(encoder):
    from streamvu.encoders.base import (
        DEFAULT_BATCH_SIZE,
        Labeller,
        RegionEncoder,
        batch_size_of,
        cache_id_of,
    )
    from streamvu.encoders.feature_cache import TemporalFeatureCache
    from streamvu.encoders.sightings import SightingsEncoder

    assert batch_size_of(encoder) == encoder.config.batch_size
    assert cache_id_of(encoder) == f"{encoder.name}|{encoder.config!r}"  # the disk cache's keys as before
    wrapped = TemporalFeatureCache(SightingsEncoder(encoder))
    assert batch_size_of(wrapped) == encoder.config.batch_size
    assert cache_id_of(wrapped) == f"{encoder.name}|{encoder.config!r}|temporal:{wrapped.cache_config!r}"
    assert isinstance(encoder, Labeller) and not isinstance(encoder, RegionEncoder)
    assert batch_size_of(object()) == DEFAULT_BATCH_SIZE


def test_answerers_warm_up_by_a_declared_method():
    from tests.doubles import UnusedAnswerer

    assert UnusedAnswerer().warm_up() is None  # the protocol's default: nothing to load


def test_answerers_that_send_frames_declare_it():
    from streamvu.answerers.base import FrameKeeper
    from streamvu.answerers.grounded import GroundedAnswerer
    from streamvu.answerers.served.answerer import ServedAnswerer
    from tests.doubles import UnusedAnswerer

    assert issubclass(ServedAnswerer, FrameKeeper)
    assert not issubclass(GroundedAnswerer, FrameKeeper) and not isinstance(UnusedAnswerer(), FrameKeeper)
