"""``streamvu demo``: the live stream QA app in the browser (gradio), on 127.0.0.1 by default."""

from __future__ import annotations

import argparse
import sys
import time

from streamvu.apps.common import add_pipeline_args, bounded

NAME = "demo"
INTERRUPT_GRACE_S = 1.0  # the server keeps nothing that must be saved


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME,
        help="open the live video QA demo in the browser (needs gradio)",
        description="Watch a video file (replayed in real time), a stream URL or a webcam "
        "and ask questions at any moment. Needs: pip install 'streamvu[demo]'.",
    )
    add_pipeline_args(p, video=False, quiet_flags=True)
    _add_server_args(p)
    _add_access_args(p)
    _add_camera_args(p)


def _add_server_args(p: argparse.ArgumentParser) -> None:
    """Where the demo listens, and how many live frames it buffers."""
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)",
    )
    p.add_argument(
        "--port",
        type=bounded(1, 65535, integer=True, what="a port"),
        default=7860,
        help="port (default 7860; the next free one if taken)",
    )
    p.add_argument(
        "--share", action="store_true", help="also make a public gradio.live link (off by default)"
    )
    p.add_argument(
        "--queue-size",
        type=bounded(1, 10_000, integer=True, what="frames"),
        default=8,
        help="live frames buffered before the oldest is dropped (default 8)",
    )


def _add_access_args(p: argparse.ArgumentParser) -> None:
    """Who may use the demo, and what they may open, beyond loopback or with --share."""
    p.add_argument(
        "--auth",
        metavar="USER:PASS",
        default=None,
        help="ask visitors for this user name and password (required beyond loopback or with "
        "--share, unless --no-auth)",
    )
    p.add_argument(
        "--no-auth",
        action="store_true",
        help="serve beyond loopback or --share without a password (anyone who reaches it can use it)",
    )
    p.add_argument(
        "--allow-webcam",
        action="store_true",
        help="beyond loopback or with --share: let visitors watch this machine's webcam (off by default)",
    )
    p.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="beyond loopback or with --share: let visitors open stream URLs on this machine or its "
        "private network (off by default: public addresses only)",
    )
    p.add_argument(
        "--max-sessions",
        type=bounded(1, 1000, integer=True, what="streams"),
        default=4,
        help="streams watched at once, over all visitors (default 4); one more is refused with a message",
    )


def _add_camera_args(p: argparse.ArgumentParser) -> None:
    """What is taken from a visitor's own camera."""
    p.add_argument(
        "--camera-fps",
        type=bounded(0.1, 30.0, what="frames per second"),
        default=2.0,
        help="frames a second taken from a visitor's own camera (default 2; more are skipped)",
    )
    p.add_argument(
        "--camera-max-side",
        type=bounded(32, 4096, integer=True, what="pixels"),
        default=640,
        help="a visitor's camera frames are downscaled to this longer side at most (default 640)",
    )


def run(args: argparse.Namespace) -> int:
    from streamvu import _deps

    _deps.require("gradio", "the live demo (streamvu demo)")
    from streamvu.apps.common import make_pipeline
    from streamvu.apps.demo import DemoApp, DemoModels, build_demo, launch
    from streamvu.apps.preflight import check_cache_dir, check_disk_cache

    check_disk_cache(args.disk_cache)
    check_cache_dir()
    policy, auth = access(args)
    if not args.no_progress:
        print("streamvu demo: loading the models...", file=sys.stderr, flush=True)
    p = make_pipeline(args)  # the models every stream of the demo shares
    models = DemoModels(p.config, encoder=p.encoder, embedder=p.embedder, answerer=p.answerer)
    models.pipeline()
    app = DemoApp(
        models,
        queue_size=args.queue_size,
        policy=policy,
        max_sessions=args.max_sessions,
        camera_fps=args.camera_fps,
        camera_max_side=args.camera_max_side,
    )
    demo = build_demo(app)
    try:
        served = launch(
            demo,
            host=args.host,
            port=_free_port(args.host, args.port),
            share=args.share,
            block=False,
            quiet=True,  # gradio's own lines name its Python API ("set `share=True` in `launch()`")
            auth=auth,
        )
        urls = [u for u in (served[1], served[2]) if u] if isinstance(served, tuple) else []
        if urls:  # the address is a result: printed with -q too
            print(f"streamvu demo: open {' or '.join(urls)} in a browser (Ctrl-C stops)", flush=True)
        while True:  # serve until Ctrl-C or SIGTERM (raised here by the command line's interrupt guard)
            time.sleep(0.2)
    finally:
        demo.close(verbose=not args.no_progress)  # gradio's "Closing server running on port ..."
        app.close()


def access(args: argparse.Namespace):
    """(source policy, gradio auth) from the command line; ValueError, before any model loads, for
    a demo reachable from other machines without ``--auth`` or an explicit ``--no-auth``."""
    from streamvu.apps.demo.policy import SourcePolicy

    policy = SourcePolicy.for_server(
        args.host, args.share, allow_webcam=args.allow_webcam, allow_private_urls=args.allow_private_urls
    )
    if args.auth is not None and args.no_auth:
        raise ValueError("--auth and --no-auth exclude each other")
    auth = None
    if args.auth is not None:
        user, sep, password = args.auth.partition(":")
        if not (sep and user and password):
            raise ValueError("--auth takes USER:PASS (a user name, a colon, a password; neither empty)")
        auth = (user, password)
    if policy.remote and auth is None and not args.no_auth:
        where = (
            "--share makes a public link"
            if args.share
            else f"--host {args.host} is reachable from other machines"
        )
        raise ValueError(
            f"{where}: pass --auth USER:PASS to ask visitors for a password, or --no-auth to serve it "
            "without one"
        )
    return policy, auth


def _free_port(host: str, port: int, tries: int = 20) -> int:
    import socket

    for candidate in range(port, min(port + tries, 65536)):
        with socket.socket() as s:
            try:
                s.bind((host, candidate))
                return candidate
            except OSError:
                continue
    return port
