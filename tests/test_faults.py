"""Faults a user can cause, run through the real ``streamvu`` program: Ctrl-C and SIGTERM at any
moment, a full disk, a read-only output folder, a damaged model in the cache dir, outputs that would
destroy inputs or earlier results, closed input and output, a stream that is not there. Each ends in
one clear line and a non-zero status, and leaves no half-written file behind.

Every flag that takes a number or a path has its bad values as rows of ``REFUSED`` (a new flag gets
its row there): each is refused with status 2, one line naming the flag, before any model loads."""

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
        cwd: Path | None = None,
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
            cwd=cwd,
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


def test_a_signal_whose_exception_python_swallowed_still_interrupts():
    """A signal handled inside a ``__del__`` (as a thread pool's weakref callback can be) raises where
    Python only prints "Exception ignored"; the guard remembers it and :meth:`check` raises it again."""
    from streamvu.apps.interrupts import Interrupted, InterruptGuard

    class Collected:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.2)  # the handler runs here, inside __del__

    with InterruptGuard("x") as guard:
        Collected()
        assert guard.fired and guard.signum == signal.SIGTERM
        with pytest.raises(Interrupted):
            guard.check()


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
    run = Run(["demo", "--port", str(port), "-q"])
    run.wait_for(f"open http://127.0.0.1:{port}", where="out", timeout=240)
    assert_interrupted(run, "demo", run.signal(signal.SIGINT))
    out = bytes(run.out).decode(errors="replace")
    assert "Closing server" not in out and "share=True" not in out, out  # -q: only the address


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
    assert run.stderr_lines == [run.stderr_lines[0]] and "cannot write --disk-cache" in run.stderr_lines[0]

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


# -- bad values and bad files: refused before any model loads ------------------------------------------
@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory, short_video, bench) -> dict[str, Path]:
    """Real files a user may pass by mistake, and the places the table's arguments name."""
    from PIL import Image

    from tests.videos import ffmpeg, gradient_frame

    root = tmp_path_factory.mktemp("bad")
    text = root / "notes.mp4"
    text.write_text("this is plain text renamed .mp4\n")
    empty = root / "empty.mp4"
    empty.write_bytes(b"")
    audio = root / "audio.mp4"
    ffmpeg("-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", str(audio))
    zero = root / "zero.mp4"  # a video stream with no frames in it
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-frames:v", "0", "-c:v", "libx264", str(zero))
    frames = root / "frames"
    frames.mkdir()
    for i in range(5):
        Image.fromarray(gradient_frame(i, 64, 48)).save(frames / f"{i:03d}.png")
    dup = root / "dup.json"
    doc = json.loads((bench / "ovbench.json").read_text())
    doc[0]["candidates"] = ["a cat", "a dog", "A  cat", "a horse"]
    dup.write_text(json.dumps(doc))
    return {
        "short": short_video,
        "text": text,
        "empty": empty,
        "audio": audio,
        "zero": zero,
        "frames": frames,
        "dup": dup,
        "ann": bench / "ovbench.json",
        "videos": bench / "videos",
        "tmp": root,
    }


EVAL = ["eval", "ovbench", "--annotations", "{ann}", "--videos", "{videos}"]

# (argv, what the one error line must say): every flag that takes a number or a path has its bad
# values here; each is refused with exit status 2 before any model loads, naming the flag.
REFUSED = [
    # files that are not videos
    (["caption", "{text}"], "cannot open"),
    (["caption", "{empty}"], "is empty"),
    (["caption", "{audio}"], "no video stream"),
    (["caption", "{zero}"], "no video stream"),
    (["ask", "{text}", "what?"], "cannot open"),
    (["watch", "{audio}"], "no video stream"),
    (["ask", "{frames}", "what?"], "--frame-fps"),
    # numbers: not finite, out of range, absurd
    (["caption", "{short}", "--segment", "inf"], "argument --segment"),
    (["caption", "{short}", "--segment", "0"], "argument --segment"),
    (["caption", "{short}", "--min-scene", "nan"], "argument --min-scene"),
    (["caption", "{short}", "--max-scene", "inf"], "argument --max-scene"),
    (["caption", "{short}", "--scenes", "--min-scene", "10", "--max-scene", "5"], "--min-scene (10 s)"),
    (["caption", "{short}", "--scene-threshold", "3"], "argument --scene-threshold"),
    (["ask", "{short}", "what?", "--fps", "1e308"], "argument --fps"),
    (["ask", "{short}", "what?", "--fps", "0"], "argument --fps"),
    (["ask", "{short}", "what?", "--fps", "-1"], "argument --fps"),
    (["ask", "{short}", "what?", "--keep-ratio", "0"], "argument --keep-ratio"),
    (["ask", "{short}", "what?", "--keep-ratio", "inf"], "argument --keep-ratio"),
    (["ask", "{short}", "what?", "--reuse-threshold", "nan"], "argument --reuse-threshold"),
    (["ask", "{short}", "what?", "--at", "nan"], "argument --at"),
    (["ask", "{short}", "what?", "--at", "100"], "--at 100 is past the end"),
    (["ask", "{short}", "what?", "--frame-fps", "3"], "--frame-fps describes a folder"),
    (["ask", "{frames}", "what?", "--frame-fps", "0"], "argument --frame-fps"),
    (
        ["ask", "{frames}", "what?", "--frame-fps", "10", "--time-offset", "100", "--at", "50"],
        "--time-offset",
    ),
    (["ask", "{frames}", "what?", "--frame-fps", "10", "--time-offset", "-1"], "argument --time-offset"),
    (["watch", "{short}", "--speed", "1e-300"], "argument --speed"),
    (["watch", "{short}", "--speed", "0"], "argument --speed"),
    (["watch", "{short}", "--within", "-5"], "argument --within"),
    (["watch", "{short}", "--timeout", "inf"], "argument --timeout"),
    (["demo", "--queue-size", "-5"], "argument --queue-size"),
    (["demo", "--queue-size", "0"], "argument --queue-size"),
    (["demo", "--port", "70000"], "argument --port"),
    ([*EVAL, "--window", "inf"], "argument --window"),
    ([*EVAL, "--window-frames", "0"], "argument --window-frames"),
    ([*EVAL, "--limit", "0"], "argument --limit"),
    ([*EVAL, "--fps", "nan"], "argument --fps"),
    # outputs: never over an input, never a place that stores nothing
    (["caption", "{short}", "-o", "{short}"], "is the input file"),
    (["caption", "{short}", "-o", "mock://bucket/x.srt"], "mock:// is not a place"),
    (["caption", "{short}", "-o", "hdfs://namenode/x.srt"], "HDFS needs Java"),
    (["caption", "{short}", "-o", "ftp://host/x.srt"], "ftp:// is not a place"),
    (
        ["eval", "ovbench", "--annotations", "{ann}", "--videos", "{videos}", "--output", "{ann}"],
        "is the input file",
    ),
    ([*EVAL, "--report", "{ann}", "--output", "{tmp}/p.jsonl"], "--report"),
    ([*EVAL, "--output", "{tmp}/same.json", "--report", "{tmp}/same.json"], "name the same file"),
    ([*EVAL, "--resume", "--overwrite"], "not allowed with"),
    ([*EVAL, "--output", "mock://bucket/p.jsonl"], "local files"),
    (["eval", "ovbench", "--annotations", "{dup}", "--videos", "{videos}"], "twice"),
]


@pytest.mark.parametrize("argv, message", REFUSED, ids=[" ".join(a[:4]) + " " + m for a, m in REFUSED])
def test_bad_value_is_refused_before_any_model_loads(argv, message, bad_inputs, tmp_path):
    argv = [a.format(**bad_inputs) for a in argv] + ["--no-progress"]
    env = {"JAVA_HOME": "", "HADOOP_HOME": "", "ARROW_LIBHDFS_DIR": ""}
    started = time.monotonic()
    run = Run(argv, env=env)
    code = run.finish(timeout=60)
    took = time.monotonic() - started
    lines = run.stderr_lines
    assert code == 2, (code, lines)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"streamvu {argv[0]}") and ": error: " in lines[0], lines
    assert message in lines[0], lines
    for internal in (
        "Traceback",
        "Errno",
        "Error:",
        "_s=",
        "keep_ratio",
        "frame_fps",
        "time_offset",
        "queue_size",
    ):
        assert internal not in lines[0], lines
    assert took < 15, f"took {took:.1f} s: was a model loaded?"


def test_caption_never_writes_over_its_video(short_video, tmp_path):
    clip = tmp_path / "clip.mp4"
    shutil.copy(short_video, clip)
    before = clip.read_bytes()
    link = tmp_path / "link.mp4"
    os.link(clip, link)  # the same file under another name
    for target in (clip, link, tmp_path / "." / "clip.mp4"):
        run = Run(["caption", str(clip), "-o", str(target), "-q", "--format", "srt"])
        assert run.finish(60) == 2 and len(run.stderr_lines) == 1, run.stderr_lines
        assert "is the input file" in run.stderr_lines[0]
        assert clip.read_bytes() == before


def test_caption_keeps_an_unrelated_existing_output(short_video, tmp_path):
    notes = tmp_path / "notes.srt"
    notes.write_text("my own subtitles\n")
    run = Run(["caption", str(short_video), "-o", str(notes), "-q"])
    assert run.finish(60) == 2, run.stderr_lines
    assert len(run.stderr_lines) == 1 and "--overwrite" in run.stderr_lines[0], run.stderr_lines
    assert notes.read_text() == "my own subtitles\n"


def test_eval_never_writes_over_annotations_or_earlier_predictions(bench, tmp_path):
    annotations = tmp_path / "a.json"
    shutil.copy(bench / "ovbench.json", annotations)
    before = annotations.read_bytes()
    argv = ["eval", "ovbench", "--annotations", str(annotations), "--videos", str(bench / "videos")]
    run = Run([*argv, "--output", str(annotations), "-q"])
    assert run.finish(60) == 2 and len(run.stderr_lines) == 1, run.stderr_lines
    assert annotations.read_bytes() == before

    earlier = tmp_path / "pred.jsonl"
    lines = "".join(json.dumps({"uid": f"q{i}"}) + "\n" for i in range(50))
    earlier.write_text(lines)
    run = Run([*argv, "--output", str(earlier), "--limit", "1", "-q"])
    assert run.finish(60) == 2 and len(run.stderr_lines) == 1, run.stderr_lines
    assert "--resume" in run.stderr_lines[0] and "--overwrite" in run.stderr_lines[0]
    assert earlier.read_text() == lines


def test_eval_overwrite_replaces_the_default_output(bench, tmp_path):
    """The default output is named after the benchmark and protocol; --overwrite replaces it."""
    out = tmp_path / "ovbench-streaming-predictions.jsonl"
    out.write_text("".join(json.dumps({"uid": f"old{i}"}) + "\n" for i in range(3)))
    argv = [
        "eval",
        "ovbench",
        "--annotations",
        str(bench / "ovbench.json"),
        "--videos",
        str(bench / "videos"),
    ]
    run = Run([*argv, "--limit", "1", "-q"], cwd=tmp_path)
    assert run.finish(60) == 2 and "ovbench-streaming-predictions.jsonl" in run.stderr_lines[0]
    run = Run([*argv, "--limit", "1", "-q", "--overwrite"], cwd=tmp_path)
    assert run.finish(300) == 0, run.stderr_lines
    records = complete_lines(out)
    assert len(records) == 1 and not records[0]["uid"].startswith("old")


# -- watch: closed input, a reader that goes away, a URL that is not there ---------------------------------
def test_watch_with_stdin_closed_plays_the_file_and_ends(short_video):
    proc = subprocess.run(
        f"{' '.join(program())} watch {short_video} --fast -q 0<&-",
        shell=True,
        capture_output=True,
        env=clean_env(),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-800:]
    assert proc.stderr == b"", proc.stderr[-800:]


def test_watch_piped_into_head_ends_quietly(short_video):
    questions = "what is shown?\\n@2 what now?\\n@3 and now?\\n"
    proc = subprocess.run(
        # timeout: a run that never ends fails here instead of holding the pipe (and the suite) open
        f"printf '{questions}' | timeout -k 5 240 {' '.join(program())} watch {short_video} --fast -q | head -1; "
        'echo "status ${PIPESTATUS[1]}" >&2',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        env=clean_env(),
        timeout=300,
    )
    err = proc.stderr.decode(errors="replace")
    assert len(proc.stdout.decode().splitlines()) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert err.strip().splitlines()[-1] in ("status 141", "status 0"), err


def test_watch_url_down_gives_up_after_reconnect_for():
    import socket

    with socket.socket() as s:  # a port nothing listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/live.m3u8"
    started = time.monotonic()
    run = Run(["watch", url, "--reconnect-for", "2", "-q"], stdin="what is shown?\n")
    assert run.finish(300) == 1, run.stderr_lines
    assert len(run.stderr_lines) == 1, run.stderr_lines
    line = run.stderr_lines[0]
    assert line.startswith(f"streamvu watch: error: cannot reach {url}") and "--reconnect-for" in line, line
    assert "Errno" not in line
    assert time.monotonic() - started < 120


def test_read_only_empty_cache_dir_is_refused_at_once(short_video, read_only_dir):
    started = time.monotonic()
    run = Run(
        ["ask", str(short_video), "what?", "-q"], env={"STREAMVU_CACHE_DIR": str(read_only_dir / "cache")}
    )
    assert run.finish(120) == 2, run.stderr_lines
    assert len(run.stderr_lines) == 1 and "STREAMVU_CACHE_DIR" in run.stderr_lines[0], run.stderr_lines
    assert "cannot write cache folder" in run.stderr_lines[0]
    assert time.monotonic() - started < 20  # before any model loads (it used to take ~40 s)


def test_full_disk_while_writing_captions_is_said_once_in_plain_words(short_video, tmp_path):
    out = tmp_path / "big.json"
    run = Run(
        [
            "caption",
            str(short_video),
            "--segment",
            "0.5",
            "--format",
            "json",
            "-o",
            str(out),
            "-q",
            "--no-progress",
        ],
        file_size_limit=600,  # the JSON document outgrows this after a caption or two
    )
    assert run.finish() == 1, run.stderr_lines
    assert len(run.stderr_lines) == 1, run.stderr_lines
    line = run.stderr_lines[0]
    assert "File too large" in line and "the disk is full" in line and str(out) in line, line
    assert "OSError" not in line and "Errno" not in line, line


@pytest.mark.skipif(
    not __import__("streamvu._deps", fromlist=["HAS_OPENCV"]).HAS_OPENCV, reason="needs OpenCV"
)
def test_quiet_watch_of_a_missing_camera_says_one_line():
    run = Run(["watch", "9", "--backend", "opencv", "-q"], stdin="")
    assert run.finish(300) == 2, run.stderr_lines
    assert run.stderr_lines == [
        "streamvu watch: error: cannot open webcam 9: no such camera, or it is in use"
    ], run.stderr_lines  # no "[ WARN:0@0.02] ... cap_v4l.cpp" lines from OpenCV


def test_fps_above_the_files_own_rate_says_every_frame_is_used(short_video):
    run = Run(["ask", str(short_video), "--at", "1", "--fps", "1000", "what is shown?", "-q"])
    assert run.finish(300) == 0, run.stderr_lines
    assert run.stderr_lines == [
        "streamvu ask: --fps 1000 is more than the video's 10 frames per second: every frame is used "
        "(10 per second)"
    ], run.stderr_lines


@pytest.mark.skipif(not __import__("streamvu._deps", fromlist=["has"]).has("ray"), reason="needs ray")
def test_quiet_caption_on_ray_says_only_what_it_wrote(short_video, tmp_path):
    out = tmp_path / "short.srt"
    run = Run(["caption", str(short_video), "--executor", "ray", "-q", "--no-progress", "-o", str(out)])
    assert run.finish(300) == 0, run.stderr_lines
    # no "Token authentication is enabled for this Ray cluster" warning, no weight-loading bars
    assert run.stderr_lines == [f"wrote 1 caption to {out}"], run.stderr_lines
