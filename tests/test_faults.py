"""Faults a user can cause, run through the real ``streamvu`` program: Ctrl-C and SIGTERM at any
moment, a full disk, a read-only output folder, a damaged model in the cache dir. Each ends in one
clear line and a non-zero status, and leaves no half-written file behind."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

STOP_S = 2.5  # the program ends ~1 s after a signal; the slack is for a loaded test machine


def program() -> list[str]:
    exe = Path(sys.executable).with_name("streamvu")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "streamvu.apps.cli"]


def clean_env() -> dict[str, str]:
    """This environment without the switches a quiet run sets (the tests look for progress output)."""
    return {k: v for k, v in os.environ.items() if k not in ("TQDM_DISABLE", "HF_HUB_DISABLE_PROGRESS_BARS")}


class Run:
    """A ``streamvu`` subprocess whose stdout and stderr are collected while it runs."""

    def __init__(
        self,
        argv: list[str],
        env: dict | None = None,
        stdin: str | None = None,
        file_size_limit: int | None = None,
    ) -> None:
        def limit() -> None:  # a full disk: writes past this size fail with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

        self.proc = subprocess.Popen(
            [*program(), *argv],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**clean_env(), **(env or {})},
            preexec_fn=limit if file_size_limit else None,
        )
        if stdin is not None:  # left open: the program keeps waiting for more questions
            self.proc.stdin.write(stdin.encode())
            self.proc.stdin.flush()
        self.out, self.err = bytearray(), bytearray()
        self._readers = [
            threading.Thread(target=self._pump, args=(s, b), daemon=True)
            for s, b in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))
        ]
        for t in self._readers:
            t.start()

    @staticmethod
    def _pump(stream, sink: bytearray) -> None:
        while chunk := stream.read1(4096):
            sink.extend(chunk)

    def wait_for(self, marker: str, where: str = "err", timeout: float = 180.0) -> None:
        end = time.monotonic() + timeout
        buf = self.err if where == "err" else self.out
        while marker.encode() not in buf:
            if self.proc.poll() is not None or time.monotonic() > end:
                self.proc.kill()
                pytest.fail(f"never saw {marker!r}; rc={self.proc.poll()} stderr={bytes(self.err)[-800:]!r}")
            time.sleep(0.02)

    def signal(self, sig: int) -> float:
        """Send ``sig``; seconds until the process ended."""
        sent = time.monotonic()
        self.proc.send_signal(sig)
        self.finish(timeout=30)
        return time.monotonic() - sent

    def finish(self, timeout: float = 300) -> int:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        for t in self._readers:
            t.join(5)
        if self.proc.stdin:
            self.proc.stdin.close()
        return self.proc.returncode

    @property
    def stderr_lines(self) -> list[str]:
        """Non-empty stderr lines, progress-bar redraws (``\\r``) split off."""
        text = bytes(self.err).decode(errors="replace").replace("\r", "\n")
        return [line for line in text.split("\n") if line.strip()]


def assert_interrupted(run: Run, command: str, took: float) -> None:
    err = bytes(run.err).decode(errors="replace")
    assert run.proc.returncode == 130, err[-2000:]
    assert "Traceback" not in err and "terminate called" not in err, err[-2000:]
    assert run.stderr_lines[-1].startswith(f"streamvu {command}: interrupted"), err[-800:]
    assert sum("interrupted" in line for line in run.stderr_lines) == 1, err[-800:]
    assert took < STOP_S, f"took {took:.2f} s to stop"
    print(f"streamvu {command} stopped {took:.2f} s after the signal")  # shown with pytest -s


def guard_installed(pid: int) -> bool:
    """True once the process handles SIGTERM itself (the command line's interrupt guard is in place)."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


# -- Ctrl-C and SIGTERM -------------------------------------------------------------------------------------
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc to see the handler installed")
def test_sigint_while_starting_up(short_video):
    run = Run(["ask", str(short_video), "what is shown?"])
    end = time.monotonic() + 60
    while not guard_installed(run.proc.pid):
        assert time.monotonic() < end and run.proc.poll() is None
        time.sleep(0.005)
    assert_interrupted(run, "ask", run.signal(signal.SIGINT))


def test_sigterm_while_loading_models(coffee_cat_video):
    run = Run(["ask", str(coffee_cat_video), "what is shown?"])
    run.wait_for("Loading weights")  # the text embedder: the first model the pipeline loads
    assert_interrupted(run, "ask", run.signal(signal.SIGTERM))


def test_sigint_while_ingesting(coffee_cat_video):
    run = Run(["ask", str(coffee_cat_video), "what is shown?"])
    run.wait_for("encode")
    assert_interrupted(run, "ask", run.signal(signal.SIGINT))


def test_watch_sigint_while_streaming_and_answering(coffee_cat_video):
    run = Run(["watch", str(coffee_cat_video), "-q"], stdin="@1 what is shown?\n")
    run.wait_for("asked at 1.0s", where="out")  # answered; the 40 s replay goes on
    assert_interrupted(run, "watch", run.signal(signal.SIGINT))


@pytest.fixture(scope="module")
def bench(tmp_path_factory, coffee_cat_video, short_video):
    """An OVBench annotation file over two real videos."""
    root = tmp_path_factory.mktemp("bench")
    (root / "videos").mkdir()
    shutil.copy(coffee_cat_video, root / "videos" / "coffee_cat.mp4")
    shutil.copy(short_video, root / "videos" / "short.mp4")
    options = ["a cup of coffee", "a cat", "a rocket", "a horse"]

    def q(video: str, t: float, answer: int) -> dict:  # OVBench's released lmms-eval record shape
        return {
            "video": video,
            "middle_frame_timestamp": t,
            "start": 0.0,
            "end": t,
            "question": "What object is on screen now?",
            "candidates": options,
            "answer": options[answer],
            "answer_type": "SpatialPerception",
            "sub_answer_type": "SpatialPerception-1",
        }

    doc = [
        q("short.mp4", 1.0, 3),
        q("short.mp4", 3.0, 2),
        *[q("coffee_cat.mp4", t, 0 if t < 20 else 1) for t in (5, 15, 25, 35, 39)],
    ]
    (root / "ovbench.json").write_text(json.dumps(doc))
    return root


def eval_argv(bench: Path, output: Path, *extra: str) -> list[str]:
    return [
        "eval",
        "ovbench",
        "--annotations",
        str(bench / "ovbench.json"),
        "--videos",
        str(bench / "videos"),
        "--output",
        str(output),
        *extra,
    ]


def complete_lines(path: Path) -> list[dict]:
    """The records of a predictions file, asserting it holds whole JSON lines only."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert text == "" or text.endswith("\n"), f"torn last line: {text[-200:]!r}"
    return [json.loads(line) for line in text.splitlines()]


def test_eval_sigterm_keeps_every_finished_prediction(bench, tmp_path):
    out = tmp_path / "pred.jsonl"
    run = Run(eval_argv(bench, out, "-q"))
    end = time.monotonic() + 180
    while not (out.exists() and out.read_text().count("\n") >= 1):
        assert time.monotonic() < end and run.proc.poll() is None, bytes(run.err)[-800:]
        time.sleep(0.05)
    assert_interrupted(run, "eval", run.signal(signal.SIGTERM))
    assert "--resume" in run.stderr_lines[-1]
    assert 1 <= len(complete_lines(out)) < 7


@pytest.mark.skipif(
    not __import__("streamvu._deps", fromlist=["HAS_GRADIO"]).HAS_GRADIO, reason="needs gradio"
)
def test_demo_sigint_while_serving():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = Run(["demo", "--port", str(port)])
    run.wait_for("127.0.0.1", where="out", timeout=240)
    assert_interrupted(run, "demo", run.signal(signal.SIGINT))


# -- a full disk -------------------------------------------------------------------------------------------
def test_full_disk_while_writing_the_feature_cache(short_video, tmp_path):
    cache = tmp_path / "features"
    run = Run(
        ["ask", str(short_video), "what is shown?", "--feature-cache", str(cache), "-q"],
        file_size_limit=64 * 1024,
    )  # one frame's features are ~250 KB
    assert run.finish() == 1
    assert len(run.stderr_lines) == 1, run.stderr_lines
    assert run.stderr_lines[0].startswith("streamvu ask: error: File too large"), run.stderr_lines
    assert "file size limit" in run.stderr_lines[0] and "Traceback" not in bytes(run.err).decode()
    assert not [p for p in cache.rglob("*") if p.is_file()], "a partial cache file was left behind"


def test_full_disk_while_writing_predictions(bench, tmp_path):
    out = tmp_path / "pred.jsonl"
    run = Run(eval_argv(bench, out, "-q"), file_size_limit=4000)  # room for a prediction (~1.2 KB) or a few
    assert run.finish() == 1
    assert len(run.stderr_lines) == 1 and "File too large: " + str(out) in run.stderr_lines[0], (
        run.stderr_lines
    )
    records = complete_lines(out)  # those written before the disk filled are kept whole
    assert 1 <= len(records) < 7 and all(r["uid"] for r in records)


# -- a read-only output folder -----------------------------------------------------------------------------
@pytest.fixture
def read_only_dir(tmp_path):
    """A folder holding ``pred.jsonl`` that cannot be written (a read-only tmpfs mount for root, who
    ignores permissions; mode 555 otherwise)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        (folder / "pred.jsonl").write_text('{"uid": "kept"}\n')
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("running as root without permission to mount: cannot make a read-only folder")
    try:
        (folder / "pred.jsonl").write_text('{"uid": "kept"}\n')
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_read_only_output_folder_is_refused_before_any_work(bench, read_only_dir):
    out = read_only_dir / "pred.jsonl"
    started = time.monotonic()
    run = Run(eval_argv(bench, out, "--resume"))
    assert run.finish() == 2
    assert len(run.stderr_lines) == 1, run.stderr_lines
    assert run.stderr_lines[0].startswith("streamvu eval: error: cannot write --output"), run.stderr_lines
    assert out.read_text() == '{"uid": "kept"}\n'  # nothing lost
    assert time.monotonic() - started < 60  # refused without loading or streaming anything

    run = Run(["ask", "sample:carphone", "what?", "--feature-cache", str(read_only_dir / "cache")])
    assert run.finish() == 2
    assert run.stderr_lines == [run.stderr_lines[0]] and "cannot write --feature-cache" in run.stderr_lines[0]

    run = Run(["caption", "sample:carphone", "-o", str(read_only_dir / "captions"), "--no-progress"])
    assert run.finish() == 2
    assert len(run.stderr_lines) == 1, run.stderr_lines
    assert run.stderr_lines[0].startswith("streamvu caption: error: cannot write output folder"), (
        run.stderr_lines
    )
    assert not (read_only_dir / "captions").exists()


# -- a damaged model in the cache dir ----------------------------------------------------------------------
@pytest.mark.slow
def test_damaged_converted_model_is_rebuilt(short_video, tmp_path):
    from streamvu.answerers.smollm2 import converted_dir
    from streamvu.cache_dir import cache_root
    from streamvu.manifest import check_folder

    good = converted_dir()  # the shared converted model (converted once per machine)
    cache = tmp_path / "cache"
    shutil.copytree(good, cache / "models" / good.name)
    if (cache_root() / "embeddings").is_dir():
        shutil.copytree(cache_root() / "embeddings", cache / "embeddings")
    damaged = cache / "models" / good.name
    with open(damaged / "model.safetensors", "r+b") as fh:
        fh.truncate(fh.seek(0, 2) // 2)
    (damaged / "config.json").write_text("{")
    assert check_folder(damaged) is not None

    run = Run(
        ["ask", str(short_video), "--at", "3", "what is shown?", "-q", "--model", "smollm2"],
        env={"STREAMVU_CACHE_DIR": str(cache)},
    )
    assert run.finish() == 0, bytes(run.err)[-2000:]
    assert len(run.stderr_lines) == 1, run.stderr_lines  # the one line saying so; quiet otherwise
    assert "not usable" in run.stderr_lines[0] and "converting it again" in run.stderr_lines[0]
    assert "evidence" in bytes(run.out).decode()
    assert check_folder(damaged, full=True) is None
    assert not [p for p in damaged.parent.iterdir() if p.name.startswith((".tmp-", ".old-"))]
