"""Which of this computer's addresses a phone on the studio's Wi-Fi can reach (the standard library only)."""

from __future__ import annotations

import ipaddress
import os
import socket

UNSAFE = ("0.0.0.0", "::", "")  # every interface at once: never
OVERRIDE = "TATTOO_INTAKE_ADDRESS"  # addresses to offer instead of looking, comma-separated (tests: loopback aliases)


def lan_addresses() -> list[str]:
    """This computer's private IPv4 addresses (192.168.x, 10.x, 172.16-31.x), the one with the default route
    first; empty when it is on no network. Nothing is sent: a UDP socket's connect only picks a route.
    With TATTOO_INTAKE_ADDRESS set, the addresses it lists (never a wildcard) instead."""
    if (fixed := os.environ.get(OVERRIDE, "").strip()):
        return [a for a in dict.fromkeys(part.strip() for part in fixed.split(",")) if not is_unsafe(a)]
    found: list[str] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, only routed
        found.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if is_lan(a)]


def is_lan(address: str) -> bool:
    """Whether an address is a private IPv4 address of a local network (not loopback, not link-local)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and ip.is_private and not ip.is_loopback and not ip.is_link_local


def is_unsafe(address: str) -> bool:
    """Whether binding to this address would listen on every interface (or is no address at all)."""
    try:
        return address in UNSAFE or ipaddress.ip_address(address).is_unspecified
    except ValueError:
        return True
