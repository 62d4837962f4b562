"""Uvicorn as partygraph serves with it: connections bounded in time and number.

Uvicorn's HTTP/1.1 protocol gives a connection that never sends a request
no deadline at all, nor one that sends its request a byte at a time, and
accepts connections until the process runs out of file descriptors (then
every accept fails and is logged, and /health stops answering). Here:

- every connection must have sent a whole request head within
  `header_timeout` seconds of opening (and of finishing its previous
  request), or it is closed;
- at most `max_connections` are open at once; one more is closed at once;
- the process's open-file limit is raised to its hard limit, so the cap,
  not the kernel, decides;
- a request line or header block over `max_head_bytes` gets a 431 answer
  (and the connection closes cleanly) rather than a reset.
"""
from __future__ import annotations

import resource
from dataclasses import dataclass

from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout: float = 10.0      # seconds to send a request head
    max_connections: int = 4096       # open at once
    max_head_bytes: int = 64 * 1024   # request line and headers; longer queries go in a POST body


def _protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    class BoundedH11Protocol(H11Protocol):
        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > limits.max_connections:
                transport.close()
                return
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def _arm(self) -> None:
            self.loop.call_later(limits.header_timeout, self._head_deadline, self.cycle)

        def _head_deadline(self, cycle_then) -> None:
            # no new request began since the deadline was set: close
            if self.transport.is_closing() or self.cycle is not cycle_then:
                return
            if cycle_then is None or cycle_then.response_complete:
                self.transport.close()

        def send_400_response(self, msg: str) -> None:
            if len(getattr(self.conn, "_receive_buffer", b"")) > limits.max_head_bytes:
                body = (f"request head over {limits.max_head_bytes} bytes: send long queries "
                        "in a POST body\n").encode()
                self.transport.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                                     b"content-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
                                     b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                # close only after the client has seen the answer: shut our side, drop what still comes
                try:
                    self.transport.write_eof()
                except (OSError, RuntimeError, NotImplementedError):
                    pass
                self.loop.call_later(2.0, self.transport.close)
                self.data_received = lambda data: None  # type: ignore[method-assign]
                return
            super().send_400_response(msg)

    return BoundedH11Protocol


def raise_file_limit() -> int:
    """The open-file limit raised to its hard limit; the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 1 << 20
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def uvicorn_config(app, host: str, port: int, limits: ConnectionLimits = ConnectionLimits(),
                   log_level: str = "warning"):
    """The uvicorn Config partygraph serves `app` with."""
    import uvicorn

    files = raise_file_limit()
    limits = ConnectionLimits(limits.header_timeout, min(limits.max_connections, max(64, files - 256)),
                              limits.max_head_bytes)
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on",
                          http=_protocol(limits), timeout_keep_alive=5,
                          h11_max_incomplete_event_size=limits.max_head_bytes,
                          access_log=False)


def loopback_hosts(host: str) -> list[str] | None:
    """Host names a browser may use for a server bound to `host`: for a
    loopback address only loopback names (DNS rebinding), else any."""
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        return ["127.0.0.1", "localhost", "[::1]", "::1", host]
    return None
