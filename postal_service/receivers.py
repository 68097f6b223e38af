"""Where the service may send an agency's or the portal's events, so that a webhook cannot make the server call
inside the operator's own network (SSRF).

In production a receiver's address is https, and every address its name resolves to is a public one: not
loopback, private, link-local (the cloud metadata service, 169.254.169.254), shared (100.64.0.0/10), reserved or
multicast. The check runs when the address is registered and again at each delivery, and the delivery then
connects to the very address it checked (the name goes in the Host header and in TLS's server name, so the
certificate is still checked against it): a name re-pointed between the check and the connection (DNS rebinding)
cannot turn the request. Redirects are never followed. Development and tests allow private receivers (the
receivers of the test suite listen on 127.0.0.1): their names are then not resolved before the request.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

Resolve = Callable[[str, int], list[str]]  # host name, port -> its addresses


class Refused(ValueError):
    """A receiver the service will not call; the message says why, in words a clerk can act on."""


@dataclass(frozen=True)
class Receiver:
    """A checked receiver: the address to connect to, and the name the request still carries."""

    url: str  # the checked address in place of the name
    host: str  # the Host header: the name as registered, with its port when one was given
    server_name: str  # TLS's server name, against which the certificate is checked


def system_resolve(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused("the receiver's host name does not resolve") from error
    return sorted({str(info[4][0]) for info in found})


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked(url: str, production: bool, private_allowed: bool, resolve: Resolve | None = None) -> Receiver:
    """The receiver to connect to, or Refused: http in production, or a name with any address not public
    (unless private receivers are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("the receiver's address must be an http or https URL")
    if production and parts.scheme != "https":
        raise Refused("the receiver's address must use https")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    name = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname  # an IPv6 literal keeps its brackets
    host = name if parts.port is None else f"{name}:{parts.port}"
    if private_allowed:  # any address will do: the name is resolved when the request is sent, as usual
        return Receiver(url, host, parts.hostname)
    addresses = (resolve or system_resolve)(parts.hostname, port)
    if not addresses:
        raise Refused("the receiver's host name does not resolve")
    if not all(is_public(a) for a in addresses):
        raise Refused("the receiver's address is inside a private network: give a public one")
    address = addresses[0]
    literal = f"[{address}]" if ":" in address else address
    pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
    return Receiver(pinned, host, parts.hostname)
