"""What this machine has for streamvu: the facts ``streamvu doctor`` prints (and a bug report needs).

:func:`collect` returns a plain JSON-able dict; :func:`format_report` renders it as text. Optional
packages are found through :mod:`streamvu._deps` (installed or not, their version, the pip command);
the video decoders are checked for real: PyAV lists the decoders its FFmpeg has for H.264, HEVC, VP9
and AV1, and a two-frame probe clip of each codec (encoded with PyAV) is decoded by PyAV, decord and
OpenCV, so "yes" means a frame came out.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from streamvu import _deps

CODECS = {"H.264": "h264", "HEVC": "hevc", "VP9": "vp9", "AV1": "av1"}
"""Codecs checked, by display name -> FFmpeg codec name."""

_PROBE_ENCODERS = {"h264": "libx264", "hevc": "libx265", "vp9": "libvpx-vp9", "av1": "libsvtav1"}
_PROBE_SIZE = 64


def _package(module: str, distribution: str) -> dict[str, Any]:
    installed = _deps.has(module)
    out: dict[str, Any] = {
        "installed": installed,
        "version": _deps.version(distribution) if installed else None,
    }
    if not installed:
        out["install"] = _deps.install_hint(module)
    return out


def torch_section() -> dict[str, Any]:
    """torch, its CUDA build and the GPUs it sees."""
    import torch

    from streamvu.apps.gpu_info import all_gpus

    gpus = all_gpus()
    return {
        "version": torch.__version__,
        "cuda_build": torch.version.cuda,
        "cuda_available": bool(torch.cuda.is_available()),
        "cudnn": torch.backends.cudnn.version() if torch.cuda.is_available() else None,
        "gpus": [g.to_dict() for g in gpus],
        "bf16_supported": bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported()),
    }


def kernel_section(cuda_available: bool) -> dict[str, Any]:
    """Triton and which pruning implementation ``impl="auto"`` picks on this machine."""
    out = _package("triton", "triton")
    if cuda_available and out["installed"]:
        out["fused_kernel"] = "yes: impl='auto' runs the Triton kernel on CUDA tensors"
    elif not out["installed"]:
        out["fused_kernel"] = (
            f"no: triton is not installed ({_deps.install_hint('triton')}); the PyTorch reference runs"
        )
    else:
        out["fused_kernel"] = "no: no CUDA GPU; the PyTorch reference runs (the kernel needs CUDA tensors)"
    return out


def faiss_section() -> dict[str, Any]:
    """faiss: installed, which build, and the GPUs it can use."""
    dist = "faiss-gpu" if _deps.version("faiss-gpu") else "faiss-cpu"
    out = _package("faiss", dist)
    out["distribution"] = dist if out["installed"] else None
    if out["installed"]:
        faiss = _deps.require("faiss")
        gpus = int(faiss.get_num_gpus()) if hasattr(faiss, "get_num_gpus") else 0
        out["gpus"] = gpus
        out["gpu_index"] = gpus > 0
    return out


def _make_probe_clip(directory: Path, codec: str) -> tuple[Path | None, str]:
    """A two-frame ``codec`` clip in Matroska made with PyAV; (None, why) when it cannot be made."""
    av = _deps.require("av")
    import numpy as np

    path = directory / f"probe_{codec}.mkv"
    try:
        with av.open(str(path), "w") as container:
            stream = container.add_stream(_PROBE_ENCODERS[codec], rate=2)
            stream.width = stream.height = _PROBE_SIZE
            stream.pix_fmt = "yuv420p"
            for i in range(2):
                img = np.full((_PROBE_SIZE, _PROBE_SIZE, 3), 60 + 80 * i, dtype=np.uint8)
                frame = av.VideoFrame.from_ndarray(img, format="rgb24")
                container.mux(stream.encode(frame))
            container.mux(stream.encode(None))
    except Exception as exc:  # any encoder failure just means no probe clip for this codec
        return None, f"no probe clip ({_PROBE_ENCODERS[codec]}: {type(exc).__name__}: {exc})"
    return path, ""


def _decode_pyav(path: Path) -> bool:
    av = _deps.require("av")
    with av.open(str(path)) as container:
        return any(True for _ in container.decode(video=0))


def _decode_decord(path: Path) -> bool:
    decord = _deps.require("decord")
    reader = decord.VideoReader(str(path))
    return len(reader) > 0 and reader[0].shape[0] == _PROBE_SIZE


def _decode_opencv(path: Path) -> bool:
    cv2 = _deps.require("cv2")
    cap = cv2.VideoCapture(str(path))
    try:
        ok, frame = cap.read()
    finally:
        cap.release()
    return bool(ok) and frame is not None and frame.shape[0] == _PROBE_SIZE


_BACKENDS = {"pyav": ("av", "av", _decode_pyav), "decord": ("decord", "decord", _decode_decord),
             "opencv": ("cv2", "opencv-python-headless", _decode_opencv)}  # fmt: skip


def _pyav_decoders() -> dict[str, list[str]]:
    """FFmpeg decoder names PyAV has for each checked codec (e.g. h264: h264, h264_cuvid)."""
    av = _deps.require("av")
    ids = {av.codec.Codec(name, "r").id: name for name in CODECS.values()}
    found: dict[str, list[str]] = {name: [] for name in CODECS.values()}
    for name in sorted(av.codecs_available):
        try:
            codec = av.codec.Codec(name, "r")
        except Exception:  # an encoder-only name
            continue
        if codec.id in ids:
            found[ids[codec.id]].append(name)
    return found


@contextlib.contextmanager
def _quiet_native_stderr():
    """Silence what the encoders' and decoders' C libraries print on fd 2 (x265, SVT-AV1, FFmpeg)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def decoders_section(probe: bool = True) -> dict[str, Any]:
    """Each decoding backend: installed, version, and per codec whether a probe clip decodes."""
    out: dict[str, Any] = {}
    for backend, (module, dist, _) in _BACKENDS.items():
        out[backend] = _package(module, dist)
        if backend == "opencv" and out[backend]["installed"] and not out[backend]["version"]:
            out[backend]["version"] = _deps.version("opencv-python")
        out[backend]["codecs"] = {}
    if out["pyav"]["installed"]:
        out["pyav"]["ffmpeg_decoders"] = {label: _pyav_decoders()[name] for label, name in CODECS.items()}
    if not probe or not out["pyav"]["installed"]:
        why = "not probed (--no-probe)" if not probe else "not probed: PyAV makes the probe clips"
        for backend in _BACKENDS:
            out[backend]["codecs"] = {label: why for label in CODECS}
        return out
    with tempfile.TemporaryDirectory(prefix="streamvu-doctor-") as tmp, _quiet_native_stderr():
        for label, codec in CODECS.items():
            clip, why = _make_probe_clip(Path(tmp), codec)
            for backend, (_, _, decode) in _BACKENDS.items():
                if clip is None:
                    result: bool | str = why
                elif not out[backend]["installed"]:
                    result = "not installed"
                else:
                    try:
                        result = decode(clip)
                    except Exception as exc:  # a decoder that fails on the clip: "no", with the reason
                        first = (str(exc).strip().splitlines() or [""])[0]
                        result = f"no ({type(exc).__name__}: {first[:60]})"
                out[backend]["codecs"][label] = result
    return out


def cache_section() -> dict[str, Any]:
    """The cache dir (``$STREAMVU_CACHE_DIR`` or the user cache dir) and how much it holds."""
    from streamvu.cache_dir import cache_root

    root = cache_root()
    size, files = 0, 0
    if root.is_dir():
        for dirpath, _, names in os.walk(root):
            for name in names:
                try:
                    size += (Path(dirpath) / name).lstat().st_size
                    files += 1
                except OSError:
                    continue
    return {"path": str(root), "exists": root.is_dir(), "bytes": size, "files": files,
            "set_by": "STREAMVU_CACHE_DIR" if os.environ.get("STREAMVU_CACHE_DIR") else "user cache dir"}  # fmt: skip


def collect(probe_decoders: bool = True) -> dict[str, Any]:
    """Everything :func:`format_report` prints, as a JSON-able dict."""
    from streamvu import __version__

    started = time.perf_counter()
    torch_info = torch_section()
    report = {
        "streamvu": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "torch": torch_info,
        "triton": kernel_section(torch_info["cuda_available"]),
        "faiss": faiss_section(),
        "decoders": decoders_section(probe_decoders),
        "transformers": _package("transformers", "transformers"),
        "gradio": _package("gradio", "gradio"),
        "ray": _package("ray", "ray"),
        "cache": cache_section(),
    }
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _pkg_line(name: str, info: dict) -> str:
    if info["installed"]:
        return f"{name:13} {info['version'] or 'installed'}"
    return f"{name:13} not installed ({info['install']})"


def format_report(r: dict[str, Any]) -> str:
    """The report as aligned text lines."""
    t = r["torch"]
    lines = [f"streamvu      {r['streamvu']}  (Python {r['python']}, {r['platform']})",
             f"torch         {t['version']}  CUDA build: {t['cuda_build'] or 'none (CPU build)'}  "
             f"CUDA available: {'yes' if t['cuda_available'] else 'no'}"]  # fmt: skip
    for g in t["gpus"]:
        peak = (
            f"{g['peak_gbps']:.0f} GB/s peak ({g['bandwidth_source']})"
            if g["peak_gbps"]
            else g["bandwidth_source"]
        )
        lines.append(f"  cuda:{g['index']}      {g['name']}, sm_{g['capability'].replace('.', '')}, {g['sm_count']} SMs, "
                     f"{g['memory_gb']} GiB, {peak}")  # fmt: skip
    lines.append(_pkg_line("triton", r["triton"]))
    lines.append(f"  pruning     fused kernel: {r['triton']['fused_kernel']}")
    f = r["faiss"]
    faiss_line = _pkg_line("faiss", f)
    if f["installed"]:
        faiss_line += f"  ({f['distribution']}; GPUs for the index: {f['gpus']})"
    lines.append(faiss_line)
    d = r["decoders"]
    for backend in _BACKENDS:
        lines.append(_pkg_line(backend, d[backend]))
        results = list(d[backend]["codecs"].values())
        if d[backend]["installed"] and len(set(map(str, results))) == 1 and isinstance(results[0], str):
            lines.append(f"  decodes     {results[0]}")
        elif d[backend]["installed"]:
            cells = [f"{label} {'yes' if res is True else 'no' if res is False else res}"
                     for label, res in d[backend]["codecs"].items()]  # fmt: skip
            lines.append("  decodes     " + ", ".join(cells))
    if d["pyav"].get("ffmpeg_decoders"):
        names = "; ".join(f"{k}: {', '.join(v) or 'none'}" for k, v in d["pyav"]["ffmpeg_decoders"].items())
        lines.append(f"  ffmpeg      decoders in PyAV's FFmpeg: {names}")
    for name in ("transformers", "gradio", "ray"):
        lines.append(_pkg_line(name, r[name]))
    c = r["cache"]
    state = f"{_size(c['bytes'])} in {c['files']} files" if c["exists"] else "not created yet"
    lines.append(f"cache dir     {c['path']}  ({state}; from {c['set_by']})")
    return "\n".join(lines)
