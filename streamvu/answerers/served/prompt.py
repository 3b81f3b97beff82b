"""What is sent to a served model: memory entries as JPEG images after their time labels, then the question.

Layout (``prefix_order``, the default): the system message, then the entries oldest first, each as its
time label followed by its image (or, past ``max_images`` or for a text-only model, its textual evidence
line), then the question last. What changes least comes first, so a server with prefix caching (vLLM,
SGLang) reuses the KV of the system prompt and of the older memory that earlier questions also sent.
The official prompt of a benchmark question (``Question.prompt``) is sent verbatim in the question's place.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np

from streamvu.answerers.options import format_options
from streamvu.messages import Context, Evidence, MemoryEntry

SYSTEM_PROMPT = (
    "You watch a video through frames sampled from it, each shown after its time in seconds, oldest "
    "first. Answer the question from what the frames show, in one or two sentences; if they do not "
    "show it, say so."
)
TEXT_SYSTEM_PROMPT = (
    "You watch a video only through observations: for each time span in seconds, oldest first, what "
    "detectors and an image classifier saw there. Answer the question from the observations, in one "
    "or two sentences; if they do not show it, say so."
)
CAPTION_PROMPT = "Write one short sentence describing what happens in this video segment."

_MODE_HINT = {
    "now": "The question is about the moment it is asked: the last frames matter most.",
    "past": "The question is about what happened before it was asked.",
    "future": "The question is about what comes next: answer from the latest frames and say it is a guess.",
}


def jpeg_bytes(rgb: np.ndarray, side: int, quality: int = 85) -> bytes:
    """``rgb`` (H, W, 3 uint8) as a JPEG whose longer side is at most ``side`` pixels."""
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8))
    if max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def data_url(jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def time_label(start: float, end: float) -> str:
    """'[12.0 s]' for one moment, '[3.0-8.5 s]' for a span."""
    if end - start < 0.05:
        return f"[{end:.1f} s]"
    return f"[{start:.1f}-{end:.1f} s]"


def pick_images(entries: Sequence[MemoryEntry], max_images: int) -> set[int]:
    """Indices of the entries sent as images: all that have one, or at most ``max_images`` of them
    spread evenly over time (the first and the latest always among them)."""
    have = [i for i, e in enumerate(entries) if e.thumbnail is not None]
    if max_images <= 0 or not have:
        return set()
    if len(have) <= max_images:
        return set(have)
    if max_images == 1:
        return {have[-1]}
    picks = np.linspace(0, len(have) - 1, max_images).round().astype(int)
    return {have[int(p)] for p in picks}


def memory_parts(
    entries: Sequence[MemoryEntry], evidence: Sequence[Evidence], max_images: int
) -> tuple[list[dict], int]:
    """Content parts for the entries (time-ordered): (parts, how many are images)."""
    images = pick_images(entries, max_images)
    parts: list[dict] = []
    for i, entry in enumerate(entries):
        label = time_label(entry.start, entry.end)
        if i in images:
            parts.append({"type": "text", "text": label})
            parts.append({"type": "image_url", "image_url": {"url": data_url(entry.thumbnail)}})
        else:
            trace = evidence[i].trace if i < len(evidence) else entry.trace
            parts.append({"type": "text", "text": f"{label} {trace or 'nothing recognised'}"})
    return parts, len(images)


def question_text(context: Context) -> str:
    """The question as sent: the official prompt verbatim when it has one, else the question with its
    ask time, a hint for its mode and its lettered options."""
    q = context.question
    if q.prompt is not None:
        return q.prompt
    lines = [f"Question (asked at {q.asked_at:.1f} s): {q.text}"]
    hint = _MODE_HINT.get(context.mode)
    if hint:
        lines.insert(0, hint)
    if q.options:
        lines += ["Options:", *format_options(q.options), "Answer with the option's letter."]
    return "\n".join(lines)


def build_messages(
    context: Context, evidence: Sequence[Evidence], max_images: int, prefix_order: bool = True
) -> list[dict]:
    """The chat messages for one question (see the module docstring)."""
    parts, n_images = memory_parts(context.entries, evidence, max_images)
    system = SYSTEM_PROMPT if n_images else TEXT_SYSTEM_PROMPT
    question = {"type": "text", "text": question_text(context)}
    content = [*parts, question] if prefix_order else [question, *parts]
    return [{"role": "system", "content": system}, {"role": "user", "content": _flatten(content)}]


def caption_messages(
    evidence: Sequence[Evidence], entries: Sequence[MemoryEntry], max_images: int
) -> list[dict]:
    """Messages asking for one caption of a segment: its frames (or evidence lines), then the request."""
    parts, n_images = memory_parts(entries, (), max_images)  # each frame's own line past the cap
    if not entries:  # a whole-video summary: the captions' evidence only
        parts = [
            {"type": "text", "text": f"{time_label(e.start, e.end)} {e.trace or 'nothing recognised'}"}
            for e in evidence
        ]
    system = SYSTEM_PROMPT if n_images else TEXT_SYSTEM_PROMPT
    content = [*parts, {"type": "text", "text": CAPTION_PROMPT}]
    return [{"role": "system", "content": system}, {"role": "user", "content": _flatten(content)}]


def _flatten(parts: list[dict]):
    """Text parts next to each other joined by newlines; a plain string when no image is left (text-only
    servers such as llama.cpp's without a vision projector take only that)."""
    out: list[dict] = []
    for part in parts:
        if part["type"] == "text" and out and out[-1]["type"] == "text":
            out[-1] = {"type": "text", "text": out[-1]["text"] + "\n" + part["text"]}
        else:
            out.append(part)
    if all(p["type"] == "text" for p in out):
        return "\n".join(p["text"] for p in out)
    return out
