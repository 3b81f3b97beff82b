"""The ``streamvu`` command line. Each subcommand lives in its own module with
``NAME``, ``add_parser(subparsers)`` and ``run(args) -> exit code``; list it in ``COMMANDS``."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from streamvu.errors import StreamvuError

EXIT_USAGE = 2
COMMANDS = (
    "streamvu.apps.ask_cmd",
    "streamvu.apps.caption_cmd",
    "streamvu.apps.watch_cmd",
    "streamvu.apps.demo_cmd",
    "streamvu.apps.eval_cmd",
    "streamvu.apps.doctor_cmd",
)


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(
        prog="streamvu",
        description="Watch a video or live stream and answer questions about it at any moment; "
        "caption videos, run the live demo, evaluate on streaming benchmarks.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    handlers = {}
    for name in COMMANDS:
        module = importlib.import_module(name)
        module.add_parser(sub)
        handlers[module.NAME] = module.run
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from streamvu import __version__

        print(f"streamvu {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return handlers[args.command](args)
    except (StreamvuError, ValueError) as exc:
        print(f"streamvu {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
