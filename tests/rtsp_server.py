"""A real RTSP server for the tests: GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-good, python3-gi) serving a live H.264 stream on 127.0.0.1.

Run with the system Python that has PyGObject (not the project's venv); it imports nothing of
streamvu. The picture comes from an ffmpeg child (the static ffmpeg of imageio-ffmpeg): a test
pattern encoded with libx264 in real time and sent as RTP to a loopback UDP port, which the
server re-packetises for each RTSP client (TCP or UDP transport)::

    python3 tests/rtsp_server.py --ffmpeg FFMPEG --port 8554 --udp-port 5004 [--mount /live]

It prints ``ready`` once it listens, stops on SIGTERM or after ``--lifetime`` seconds, and takes
its ffmpeg with it. ``--check`` only tells whether everything needed is installed (exit 0), or
prints what is missing (exit 1).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys

ELEMENTS = ("udpsrc", "rtph264depay", "rtph264pay")


def missing() -> str | None:
    """What is not installed, in one line (None when all is there)."""
    try:
        import gi

        gi.require_version("Gst", "1.0")
        gi.require_version("GstRtspServer", "1.0")
        from gi.repository import Gst, GstRtspServer  # noqa: F401
    except (ImportError, ValueError) as exc:
        return f"PyGObject with GStreamer's RTSP server is missing ({exc})"
    Gst.init(None)
    absent = [name for name in ELEMENTS if Gst.ElementFactory.find(name) is None]
    return f"GStreamer elements missing: {', '.join(absent)}" if absent else None


def serve(args: argparse.Namespace) -> int:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer

    Gst.init(None)
    feeder = subprocess.Popen(
        [
            args.ffmpeg,
            "-v",
            "error",
            "-nostdin",
            "-re",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={args.size}:rate={args.rate}",
            "-t",
            str(args.lifetime),
            "-c:v",
            "libx264",
            "-g",
            str(args.rate),
            "-bf",
            "0",
            "-tune",
            "zerolatency",
            "-x264-params",
            "repeat-headers=1",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "rtp",
            "-payload_type",
            "96",
            f"rtp://127.0.0.1:{args.udp_port}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    caps = "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96"
    factory.set_launch(
        f'( udpsrc address=127.0.0.1 port={args.udp_port} caps="{caps}" ! rtph264depay '
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )
    factory.set_shared(True)
    server.get_mount_points().add_factory(args.mount, factory)
    if not server.attach(None):
        feeder.terminate()
        print(f"cannot listen on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
        return 1
    loop = GLib.MainLoop()
    signal.signal(signal.SIGTERM, lambda *_: loop.quit())
    GLib.timeout_add_seconds(int(args.lifetime), loop.quit)
    print("ready", flush=True)
    try:
        loop.run()
    finally:
        feeder.terminate()
        feeder.wait(5)
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true")
    p.add_argument("--ffmpeg", default="ffmpeg")
    p.add_argument("--port", type=int, default=8554)
    p.add_argument("--udp-port", type=int, default=5004)
    p.add_argument("--mount", default="/live")
    p.add_argument("--size", default="160x120")
    p.add_argument("--rate", type=int, default=10)
    p.add_argument("--lifetime", type=float, default=120.0, help="seconds before it stops by itself")
    args = p.parse_args()
    if args.check:
        why = missing()
        print(why or "ok")
        return 1 if why else 0
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
