"""``streamvu ask VIDEO --at SECONDS "question"``."""

from __future__ import annotations

import argparse
import json
import sys

from streamvu.apps.common import add_pipeline_args, make_pipeline, seconds
from streamvu.messages import QUESTION_MODES

NAME = "ask"
INTERRUPT_GRACE_S = 1.0  # nothing is written: end promptly even while a model runs


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(NAME, help="answer a question about the video as seen up to a moment")
    add_pipeline_args(p, quiet_flags=True)
    p.add_argument("question", help="the question, in quotes")
    p.add_argument(
        "--at", type=seconds, default=None, help="ask at this second of the video (default: the end)"
    )
    p.add_argument("--mode", default="auto", choices=QUESTION_MODES)
    p.add_argument("--json", action="store_true", help="print the answer as JSON")


def run(args: argparse.Namespace) -> int:
    info, question = _check(args)
    pipeline = make_pipeline(args)
    video = info.source if info is not None else args.video
    pipeline.ingest(video, until=args.at, progress=not args.no_progress)
    stream = None if args.json else (lambda piece: print(piece, end="", flush=True))
    answer = pipeline.ask(question, at=args.at, mode=args.mode, on_token=stream)
    if args.json:
        print(json.dumps(_answer_document(answer), indent=2))
    else:
        _print_details(answer)
    return 0


def _check(args: argparse.Namespace):
    """(the video's info, the question), both checked before any model loads; a correction of the
    sampling asked for is said on stderr."""
    from streamvu.apps.preflight import (
        check_at,
        check_cache_dir,
        check_disk_cache,
        check_question,
        probe_video,
        sampling_note,
    )

    # the video first: its check needs no torch, so a bad file is refused at once
    info = probe_video(args.video, args.backend, args.frame_fps, args.time_offset)
    note = sampling_note(args, info)
    check_at(args.at, info, "--at", time_offset=args.time_offset)
    question = check_question(args.question, args.mode)
    check_disk_cache(args.disk_cache)
    check_cache_dir()
    if note:  # a correction of what was asked: said with -q too
        print(f"streamvu {NAME}: {note}", file=sys.stderr)
    return info, question


def _answer_document(answer) -> dict:
    """What ``--json`` prints of an answer."""
    return {
        "question": answer.question.text,
        "asked_at": answer.question.asked_at,
        "mode": answer.mode,
        "answer": answer.text,
        "evidence": [
            {
                "start": e.start,
                "end": e.end,
                "trace": e.trace,
                **({"score": round(e.score, 4)} if e.score is not None else {}),
            }
            for e in answer.evidence
        ],
        "tokens": ({"kept": answer.kept_tokens, "total": answer.total_tokens} if answer.pruned else None),
        "decision": answer.decision,
        "latency_s": round(answer.latency, 3),
        "time_to_first_token_s": round(answer.time_to_first_token, 3),
    }


def _print_details(answer) -> None:
    """After the streamed answer: when it was asked, what was kept, how long it took, its evidence."""
    print()
    tokens = (
        f"{answer.kept_tokens}/{answer.total_tokens} visual tokens kept; "
        if answer.pruned
        else "decided from the evidence, no pruning; "
    )
    print(f"[{answer.mode} question at {answer.question.asked_at:.1f}s; {tokens}{answer.latency:.2f}s]")
    for e in answer.evidence:
        print(f"  evidence {e.start:6.1f}s - {e.end:6.1f}s: {e.trace}")
