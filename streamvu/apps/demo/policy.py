"""What a visitor of the demo may make the server read: one rule, applied wherever FFmpeg opens
something for a visitor.

**Files (uploads and samples)** are opened by PyAV only (decord and OpenCV carry their own FFmpeg,
which takes no options), as one self-contained video: FFmpeg's ``protocol_whitelist`` is ``file``
and its ``format_whitelist`` lists single-file containers only (mp4/mov, mkv/webm, avi, ts, flv,
ogg...), so an uploaded HLS playlist (``.m3u8``), concat list, DASH manifest or SDP file, which
would make FFmpeg open other files or addresses, is refused before any of them is opened. The same
options apply to every (re-)open of the file.

**Stream URLs** take live stream URLs only (rtsp, rtsps, rtmp, srt, udp, http, https): never a
local path, ``file:``, ``concat:``, ``subfile:`` or another FFmpeg protocol. FFmpeg gets a
protocol whitelist per scheme (http(s): http, https, tls, tcp, the proxy and crypto; no ``file``,
``udp`` or ``rtp`` a playlist or SDP could point at) and a whitelist of stream demuxers (no
``concat``, ``sdp``), also for everything it opens in turn (HLS segments, variant playlists).

**Addresses.** When the demo is reachable from other machines (bound beyond loopback, or
``--share``), a URL must also name a public address (not the server itself, its private network,
link-local or multicast addresses: no request forgery into the server's network) unless the
operator allows private addresses, and the webcam of the server is off unless the operator allows
it. The named host is checked before anything opens; for http(s) every later request too (each
redirect hop, variant playlist, segment and key, also when a live playlist is re-read) goes through
the demo's guard (:mod:`~streamvu.apps.demo.guard`), which checks the address and connects to the
address it checked. rtsp, rtsps and rtmp servers can redirect FFmpeg to another host by
themselves, out of the guard's sight, so such a demo refuses them (``--allow-private-urls``
opens them, without address checks). Operators exposing the demo to untrusted visitors should
also keep it behind ``--auth``.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

LIVE_SCHEMES = ("rtsp", "rtsps", "rtmp", "srt", "udp", "http", "https")
# every request of these goes through the guard when addresses are checked
GUARDED_SCHEMES = ("http", "https")
# their servers can send FFmpeg elsewhere by themselves (RTSP/RTMP redirects): refused when checked
SELF_REDIRECTING_SCHEMES = ("rtsp", "rtsps", "rtmp")

# FFmpeg's protocol_whitelist per URL scheme, also for what a stream opens in turn (HLS segments,
# keys, RTP sessions): network protocols only, no file, pipe, concat, subfile, data...
_HTTP_PROTOCOLS = "http,https,tls,tcp,httpproxy,crypto"
URL_PROTOCOLS = {
    "http": _HTTP_PROTOCOLS,
    "https": _HTTP_PROTOCOLS,
    "rtsp": "rtsp,rtsps,rtp,srtp,udp,tcp,tls",
    "rtsps": "rtsp,rtsps,rtp,srtp,udp,tcp,tls",
    "rtmp": "rtmp,tcp",
    "srt": "srt",
    "udp": "udp",
}
# demuxers a stream URL may use (no concat, sdp, image sequences...); HLS/DASH pass it to the
# contexts of their segments, so segments and renditions use these too
URL_FORMATS = (
    "hls,mpegts,flv,live_flv,mov,matroska,mpeg,mpegvideo,h264,hevc,mjpeg,mpjpeg,ivf,ogg,avi,"
    "aac,mp3,ac3,eac3,webvtt,rtsp"
)
# a file a visitor gives (upload, sample): one self-contained video, read from this file only
FILE_FORMATS = (
    "mov,matroska,avi,mpegts,mpeg,mpegvideo,m4v,flv,ogg,ivf,h264,hevc,obu,asf,mxf,nut,gif,yuv4mpegpipe"
)
# (enable_drefs: an mp4/mov's references to other files stay unfollowed, FFmpeg's default said aloud)
FILE_OPTIONS = {"protocol_whitelist": "file", "format_whitelist": FILE_FORMATS, "enable_drefs": "0"}
# the first bytes of text files that make FFmpeg open other files or addresses
_REFERENCING_TEXT = (b"#EXTM3U", b"ffconcat", b"<?xml", b"<MPD", b"v=0", b"#EXT-X")


@dataclass(frozen=True)
class SourcePolicy:
    """The sources the demo's visitors may start.

    remote: the demo is reachable beyond this machine (bound beyond loopback, or ``--share``).
    allow_webcam: the "Webcam" source (the camera of the machine running the demo) may be used.
    allow_private_urls: remote only: stream URLs may name loopback, private, link-local or
        multicast addresses (a camera on the server's own network).
    public_networks: networks (``"203.0.113.0/24"``, ``"127.0.0.2/32"``) whose addresses count as
        public although they are not globally routable: a lab network exposed on purpose, or the
        stand-in for the internet of a test running on loopback.
    """

    remote: bool = False
    allow_webcam: bool = True
    allow_private_urls: bool = False
    public_networks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        try:
            nets = tuple(ipaddress.ip_network(n, strict=False) for n in self.public_networks)
        except ValueError as exc:
            raise ValueError(f"public_networks: {exc}") from None
        object.__setattr__(self, "_public", nets)

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

    @property
    def checks_addresses(self) -> bool:
        """Stream URLs must lead to public addresses only (every hop of an http(s) stream)."""
        return self.remote and not self.allow_private_urls

    def is_private(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        """The server itself, its networks, link-local, multicast, reserved: not public."""
        mapped = getattr(address, "ipv4_mapped", None) or address
        if any(mapped in net for net in self._public):  # type: ignore[attr-defined]
            return False
        return not address.is_global or address.is_multicast or mapped.is_multicast

    def connect_address(self, host: str, port: int | None = None) -> str:
        """The address to connect to for ``host``, every address it resolves to checked; ValueError
        with the reason when the policy checks addresses and one of them is not public."""
        addresses = _addresses(host, port)
        if self.checks_addresses:
            for address in addresses:
                if self.is_private(address):
                    raise ValueError(
                        f"{host} is the server itself or inside its network ({address}); this "
                        "demo is reachable from other machines, so it opens public addresses only "
                        "(start it with --allow-private-urls to allow them)"
                    )
        return str(addresses[0])

    def guard_resolver(self):
        """``(host, port) -> (address or None, reason)`` for :class:`~streamvu.apps.demo.guard.AddressGuard`."""

        def resolve(host: str, port: int) -> tuple[str | None, str]:
            try:
                return self.connect_address(host, port), ""
            except ValueError as exc:
                return None, str(exc)

        return resolve


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
    if policy.checks_addresses:
        policy.connect_address(host or "")
        if scheme in SELF_REDIRECTING_SCHEMES:
            raise ValueError(
                f"{scheme}:// servers can send the server's FFmpeg on to another host (a redirect) "
                "that this demo cannot check; it is reachable from other machines, so it opens "
                "http(s), srt and udp streams only (start it with --allow-private-urls to open "
                f"{scheme}:// streams)"
            )
    return text


def pinned_url(url: str, policy: SourcePolicy) -> str:
    """``url`` with its host replaced by the address the policy checked, for the schemes whose
    requests do not go through the guard (srt, udp: one host, no hops), so that a DNS answer
    changing between the check and FFmpeg's connect cannot lead elsewhere. Unchanged when the
    policy does not check addresses or the scheme goes through the guard."""
    parts = urlsplit(url)
    if not policy.checks_addresses or parts.scheme.lower() in GUARDED_SCHEMES or not parts.hostname:
        return url
    address = policy.connect_address(parts.hostname, parts.port)
    host = f"[{address}]" if ":" in address else address
    netloc = parts.netloc.rpartition("@")
    hostport = f"{host}:{parts.port}" if parts.port is not None else host
    return parts._replace(netloc=f"{netloc[0]}{netloc[1]}{hostport}").geturl()


def url_options(url: str, proxy: str | None = None) -> dict[str, str]:
    """FFmpeg's options for a checked stream URL: its scheme's protocols and the stream demuxers;
    ``proxy``: the guard every HTTP request (hops, playlists, segments) must go through."""
    scheme = urlsplit(url).scheme.lower()
    options = {"protocol_whitelist": URL_PROTOCOLS[scheme], "format_whitelist": URL_FORMATS}
    if proxy:
        if scheme not in GUARDED_SCHEMES:
            raise ValueError(f"{scheme}:// streams cannot go through the guard")
        options["http_proxy"] = proxy
        options["http_persistent"] = "0"  # one request per guarded connection
    return options


def check_file(path: str) -> None:
    """ValueError when a visitor's file is a playlist or list of other files or addresses (HLS,
    concat, DASH, SDP): uploads are single videos. (FFmpeg's format whitelist, :data:`FILE_OPTIONS`,
    enforces it whatever the first bytes say; this gives the reason in words.)"""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return  # the opener says why it cannot be read
    if head.startswith(_REFERENCING_TEXT) or head[:512].lower().startswith((b"<mpd", b"<smil")):
        raise ValueError(
            f"{os.path.basename(path)!r} is a playlist or a list of other files, not a video: "
            "uploads must be one self-contained video file (mp4, mov, mkv, webm, avi, ts...); "
            "files that point at other files or URLs are refused"
        )


def whitelist_refusal(source: str, is_file: bool, exc: BaseException) -> str | None:
    """The reason in words when FFmpeg refused to open a visitor's source because of the
    whitelists (FFmpeg says only "Invalid argument"); None for other errors."""
    text = str(exc)
    if not ("Invalid argument" in text or "returned 22" in text or "[Errno 22]" in text):
        return None
    if is_file:
        return (
            f"{os.path.basename(source)!r} is not a single video file that this demo reads: uploads "
            "must be one self-contained video (mp4, mov, mkv, webm, avi, ts, flv, ogg...); "
            "playlists and files that point at other files or URLs are refused"
        )
    return (
        f"{source[:80]} led on to something this demo does not open for visitors (a local file, "
        "another protocol, or a concat list, SDP or other file that points elsewhere): refused"
    )


def _addresses(host: str, port: int | None = None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]").split("%")[0])]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
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
