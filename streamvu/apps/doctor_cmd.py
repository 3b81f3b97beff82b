"""``streamvu doctor``: what this machine has for streamvu (torch/CUDA, Triton, faiss, decoders, cache)."""

from __future__ import annotations

import argparse
import json

NAME = "doctor"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME,
        help="show torch/CUDA, Triton, faiss, video decoders and the cache dir",
        description="Print what this machine has for streamvu: torch and CUDA (GPUs, peak "
        "memory bandwidth), Triton and whether the fused pruning kernel is used, faiss CPU/GPU, "
        "the video decoders and which of H.264, HEVC, VP9, AV1 each really decodes, gradio, "
        "ray, and the cache dir with its size. Include it in bug reports.",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--no-probe",
        action="store_true",
        help="skip decoding the probe clips (lists PyAV's FFmpeg decoders only)",
    )


def run(args: argparse.Namespace) -> int:
    from streamvu.apps.doctor import collect, format_report

    report = collect(probe_decoders=not args.no_probe)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0
