"""Take the network away from the current process, for good.

Query workers run text sent by anyone. Oxigraph evaluates SERVICE (and an
update's LOAD) by opening an HTTP connection itself, in Rust, so no Python
guard can stop it once the query runs, and a lexer in front of the parser
will always lag the parser. Instead each worker installs a seccomp filter
before it opens the store: from then on the kernel answers EACCES to any
attempt to create a socket or connect one, in every thread the process
ever starts. The worker keeps the one socket it was given (its pipe to the
server), which is already connected.

Seccomp needs no privileges (only `no_new_privs`), so this works for any
user and inside containers; where it is not available (not Linux, an
unknown CPU) `deny_network` raises instead of running unprotected.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import platform
import sys

# <linux/audit.h> architecture tokens and each one's syscall numbers.
_ARCHES = {
    "x86_64": (0xC000003E, {"socket": 41, "connect": 42, "bind": 49, "socketpair": 53,
                            "io_uring_setup": 425}),
    "aarch64": (0xC00000B7, {"socket": 198, "socketpair": 199, "bind": 200, "connect": 203,
                             "io_uring_setup": 425}),
}
_X32_BIT = 0x40000000          # x86_64's x32 ABI: the same calls under other numbers

# <linux/filter.h>, <linux/seccomp.h>, <linux/prctl.h>
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_KILL_PROCESS, _RET_ERRNO, _RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
_EACCES = 13
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


class SandboxUnavailable(RuntimeError):
    """The network could not be taken away: the caller must not go on."""


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte),
                ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(arch: int, calls: dict[str, int], x32: bool) -> list[tuple[int, int, int, int]]:
    """The BPF program: wrong architecture -> kill; a listed call (or any
    x32 call) -> EACCES; anything else -> allow."""
    denied = sorted(set(calls.values()))
    prog = [(_LD_W_ABS, 0, 0, 4),                    # seccomp_data.arch
            (_JEQ_K, 1, 0, arch),
            (_RET_K, 0, 0, _RET_KILL_PROCESS),
            (_LD_W_ABS, 0, 0, 0)]                    # seccomp_data.nr
    deny_at = len(prog) + (1 if x32 else 0) + len(denied) + 1
    if x32:
        prog.append((_JGE_K, deny_at - len(prog) - 1, 0, _X32_BIT))
    for nr in denied:
        prog.append((_JEQ_K, deny_at - len(prog) - 1, 0, nr))
    prog.append((_RET_K, 0, 0, _RET_ALLOW))
    prog.append((_RET_K, 0, 0, _RET_ERRNO | _EACCES))
    return prog


def deny_network() -> None:
    """From now on this process (and every thread it starts) cannot open or
    connect a socket. Call it before starting any thread."""
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in _ARCHES:
        raise SandboxUnavailable(f"no network sandbox for {sys.platform}/{machine}: "
                                 "query workers need Linux on x86_64 or aarch64")
    arch, calls = _ARCHES[machine]
    prog = _program(arch, calls, x32=machine == "x86_64")
    filters = (_Filter * len(prog))(*[_Filter(*ins) for ins in prog])
    fprog = _Program(len(prog), filters)
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(NO_NEW_PRIVS) failed: errno {ctypes.get_errno()}")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER,
                  ctypes.cast(ctypes.pointer(fprog), ctypes.c_void_p).value, 0, 0) != 0:
        raise SandboxUnavailable(f"seccomp filter refused: errno {ctypes.get_errno()}")


def network_denied() -> bool:
    """True when this process can no longer create an internet socket."""
    import socket

    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


__all__ = ["SandboxUnavailable", "deny_network", "network_denied"]
