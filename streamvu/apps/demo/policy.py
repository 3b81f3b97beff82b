"""What a visitor of the demo may make the server read.

The "Stream URL" field is opened by the machine running the demo, so it takes only live stream
URLs (rtsp, rtsps, rtmp, srt, udp, http, https): never a local path, ``file:``, ``concat:``,
``subfile:`` or another FFmpeg protocol, and FFmpeg is told to use network protocols only (so an
HLS playlist cannot point it at a local file either). When the demo is reachable from other
machines (bound beyond loopback, or ``--share``), a URL must also name a public address (not the
server itself, its private network, link-local or multicast addresses: no request forgery into
the server's network) unless the operator allows private addresses, and the webcam of the server
is off unless the operator allows it.

The address check resolves the host name once, when the stream starts; FFmpeg resolves it again
when it connects, so a name whose DNS answer changes in between (DNS rebinding) is not caught.
Operators exposing the demo to untrusted visitors should also keep it behind ``--auth``.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

LIVE_SCHEMES = ("rtsp", "rtsps", "rtmp", "srt", "udp", "http", "https")
# FFmpeg's protocol_whitelist for the URLs the demo opens: network protocols only (no file, pipe,
# concat, subfile, data...), also for what a stream opens in turn (HLS segments, RTP sessions).
NETWORK_PROTOCOLS = "http,https,tls,tcp,udp,rtp,rtsp,rtsps,rtmp,rtmps,srt,crypto,httpproxy"


@dataclass(frozen=True)
class SourcePolicy:
    """The sources the demo's visitors may start.

    remote: the demo is reachable beyond this machine (bound beyond loopback, or ``--share``).
    allow_webcam: the "Webcam" source (the camera of the machine running the demo) may be used.
    allow_private_urls: remote only: stream URLs may name loopback, private, link-local or
        multicast addresses (a camera on the server's own network).
    """

    remote: bool = False
    allow_webcam: bool = True
    allow_private_urls: bool = False

    @classmethod
    def for_server(
        cls, host: str, share: bool, allow_webcam: bool = False, allow_private_urls: bool = False
    ) -> SourcePolicy:
        """The policy of a demo served on ``host`` (and shared by a public link when ``share``):
        on loopback without a link everything a local user could open anyway is allowed."""
        remote = share or not is_loopback(host)
        return cls(
            remote=remote,
            allow_webcam=allow_webcam or not remote,
            allow_private_urls=allow_private_urls or not remote,
        )


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_stream_url(url: str, policy: SourcePolicy) -> str:
    """``url`` stripped, if the policy lets a visitor open it; ValueError with the reason otherwise."""
    text = (url or "").strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValueError("a stream URL cannot contain spaces or control characters")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ValueError(f"not a valid stream URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in LIVE_SCHEMES or "://" not in text:
        raise ValueError(
            f"only live stream URLs can be opened here ({', '.join(s + '://' for s in LIVE_SCHEMES)}), "
            f"not {text[:60]!r}: local files and other protocols are refused"
        )
    if not host and not (scheme == "udp" and not policy.remote):
        raise ValueError(f"the stream URL names no host: {text[:60]!r}")
    if policy.remote and not policy.allow_private_urls:
        for address in _addresses(host or ""):
            if not address.is_global or address.is_multicast:
                raise ValueError(
                    f"{host} is the server itself or inside its network ({address}); this "
                    "demo is reachable from other machines, so it opens public addresses only "
                    "(start it with --allow-private-urls to allow them)"
                )
    return text


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError) as exc:
        raise ValueError(f"cannot resolve the stream's host {host!r}: {exc}") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_webcam(policy: SourcePolicy) -> None:
    """ValueError when the webcam source is off."""
    if not policy.allow_webcam:
        raise ValueError(
            "the webcam source is off: this demo is reachable from other machines "
            "(its operator can allow it with --allow-webcam)"
        )
