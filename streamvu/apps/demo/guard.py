"""The address guard: a forward HTTP proxy on loopback that FFmpeg must use for every HTTP(S)
request of a visitor's stream URL, and that connects only to addresses the demo's policy allows.

FFmpeg follows HTTP redirects and opens HLS/DASH variant playlists, segments and keys by itself,
re-reading a live playlist every few seconds; each of those requests names its own host. Checking
the first host only (what the URL field can see) lets a public server send FFmpeg anywhere. So the
demo gives FFmpeg ``http_proxy=`` this guard (and a protocol whitelist without ``file``, ``udp``
or raw sockets reachable from a playlist, see :mod:`~streamvu.apps.demo.policy`): every request,
hop and segment arrives here as ``GET http://host/...`` (or ``CONNECT host:443`` for HTTPS), the
host is resolved once, every address it resolves to is checked, and the guard connects to the
address it checked (a DNS answer changing between check and connect cannot slip through). A
refused request gets ``403`` and its reason is kept, so the visitor is told which hop was refused.

FFmpeg skips a proxy for the hosts listed in the ``no_proxy`` environment variable; while a guard
runs, the variable is moved to ``NO_PROXY`` (which FFmpeg does not read and Python's HTTP clients
read as before), so no listed host escapes the check.
"""

from __future__ import annotations

import logging
import os
import socket
import socketserver
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

MAX_HEAD = 64 * 1024
_ENV_LOCK = threading.Lock()

# (host, port) -> (address to connect to, or None) and the reason when refused
Resolver = Callable[[str, int], tuple[str | None, str]]


def _read_head(sock: socket.socket, limit: int = MAX_HEAD) -> tuple[bytes, bytes]:
    """(head up to and including the blank line, bytes read past it); ValueError when too long."""
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > limit:
            raise ValueError("request head too long")
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, sep, rest = data.partition(b"\r\n\r\n")
    return head + sep, rest


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while chunk := src.recv(65536):
            dst.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (dst, src):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


_HOP_HEADERS = (b"connection", b"keep-alive", b"proxy-connection", b"proxy-authorization", b"te", b"upgrade")


def _headers(lines: list[bytes]) -> list[bytes]:
    return [line for line in lines if line.split(b":", 1)[0].strip().lower() not in _HOP_HEADERS]


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        client = self.request
        client.settimeout(self.server.timeout_s)
        try:
            head, rest = _read_head(client)
            lines = head.rstrip(b"\r\n").split(b"\r\n")
            method, target, _version = lines[0].decode("latin-1").split(" ", 2)
        except (OSError, ValueError, UnicodeError):
            return
        method = method.upper()
        if method == "CONNECT":  # HTTPS: a tunnel to host:port, checked first
            host, _, port = target.rpartition(":")
            self._tunnel(client, host.strip("[]"), port, rest)
        elif method in ("GET", "HEAD"):
            self._forward(client, method, target, lines[1:], rest)
        else:
            self._answer(client, 405, f"{method} is not allowed through the stream guard")

    def _connect(self, host: str, port: int, what: str) -> socket.socket | None:
        address, reason = self.server.resolve(host, port)
        if address is None:
            self.server.refused(what, reason)
            return None
        try:
            return socket.create_connection((address, port), timeout=self.server.timeout_s)
        except OSError as exc:
            self._answer(self.request, 502, f"cannot connect to {host}:{port}: {exc}")
            raise

    def _tunnel(self, client: socket.socket, host: str, port: str, rest: bytes) -> None:
        if not port.isdigit() or not host:
            self._answer(client, 400, f"bad CONNECT target {host}:{port}")
            return
        try:
            upstream = self._connect(host, int(port), f"https://{host}:{port}")
        except OSError:
            return
        if upstream is None:
            self._answer(client, 403, self.server.last_refusal)
            return
        with upstream:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            upstream.settimeout(None)
            client.settimeout(None)
            back = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
            back.start()
            _pipe(client, upstream)
            back.join(self.server.timeout_s)

    def _forward(
        self, client: socket.socket, method: str, target: str, lines: list[bytes], rest: bytes
    ) -> None:
        try:
            parts = urlsplit(target)
            scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port or 80
        except ValueError:
            scheme, host, port = "", None, 0
        if scheme != "http" or not host:
            self._answer(client, 400, f"the stream guard forwards http:// URLs only, not {target[:80]!r}")
            return
        try:
            upstream = self._connect(host, port, target[:200])
        except OSError:
            return
        if upstream is None:
            self._answer(client, 403, self.server.last_refusal)
            return
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        request = [f"{method} {path} HTTP/1.1".encode("latin-1"), *_headers(lines), b"Connection: close"]
        with upstream:
            upstream.sendall(b"\r\n".join(request) + b"\r\n\r\n" + rest)
            try:  # the response head, with "Connection: close" (one request per proxied connection)
                head, body = _read_head(upstream)
            except (OSError, ValueError):
                return
            if not head:
                return
            answer = head.rstrip(b"\r\n").split(b"\r\n")
            client.sendall(
                b"\r\n".join([answer[0], *_headers(answer[1:]), b"Connection: close"]) + b"\r\n\r\n"
            )
            if body:
                client.sendall(body)
            _pipe(upstream, client)

    @staticmethod
    def _answer(client: socket.socket, status: int, text: str) -> None:
        body = (text + "\n").encode("utf-8", "replace")
        reason = {400: "Bad Request", 403: "Forbidden", 405: "Method Not Allowed", 502: "Bad Gateway"}[status]
        try:
            client.sendall(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode("latin-1")
                + body
            )
        except OSError:
            pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, resolve: Resolver, timeout_s: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.resolve = resolve
        self.timeout_s = timeout_s
        self.refusals: list[str] = []
        self.last_refusal = ""
        self._lock = threading.Lock()

    def refused(self, what: str, reason: str) -> None:
        line = f"the stream led on to {what} (a redirect, playlist or segment), which was refused: {reason}"
        with self._lock:
            self.refusals.append(line)
            self.last_refusal = reason
        log.warning("stream guard: %s", line)


class AddressGuard:
    """A running guard: ``proxy`` is the ``http_proxy`` value for FFmpeg, ``refusals`` the reasons of
    the requests it refused so far. ``resolve(host, port)`` gives the address to connect to (every
    address of the host checked) or None and the reason. Close it when the stream stops."""

    def __init__(self, resolve: Resolver, timeout_s: float = 30.0) -> None:
        _move_no_proxy()
        self._server = _Server(resolve, timeout_s)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="streamvu-guard",
            daemon=True,
        )
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.proxy = f"http://{host}:{port}"

    @property
    def refusals(self) -> list[str]:
        with self._server._lock:
            return list(self._server.refusals)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> AddressGuard:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _move_no_proxy() -> None:
    """FFmpeg bypasses ``http_proxy`` for hosts in ``no_proxy`` (lower case only): keep the list for
    Python's clients under ``NO_PROXY`` and take it away from FFmpeg."""
    with _ENV_LOCK:
        value = os.environ.pop("no_proxy", None)
        if value is not None:
            os.environ.setdefault("NO_PROXY", value)
            log.info(
                "no_proxy moved to NO_PROXY: FFmpeg must send every request of a stream through its guard"
            )
