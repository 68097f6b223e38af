"""Which webhook receivers the service may call, and the address it then connects to."""

import pytest

from postal_service.receivers import Receiver, Refused, checked, is_public, system_resolve


def resolving(*addresses: str):
    return lambda host, port: list(addresses)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1",
     "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1", "192.0.2.10"],
)  # fmt: skip
def test_loopback_private_link_local_shared_reserved_and_multicast_addresses_are_not_public(address):
    assert not is_public(address)


def test_a_public_name_is_connected_to_at_the_address_checked_with_its_name_kept_for_host_and_tls():
    receiver = checked("https://motcua.example.vn/hooks?x=1", True, False, resolving("203.113.131.5"))
    assert receiver == Receiver("https://203.113.131.5:443/hooks?x=1", "motcua.example.vn", "motcua.example.vn")
    ipv6 = checked("https://motcua.example.vn:8443/h", True, False, resolving("2001:ee0:1::5"))
    assert ipv6 == Receiver("https://[2001:ee0:1::5]:8443/h", "motcua.example.vn:8443", "motcua.example.vn")


def test_a_name_with_any_private_address_is_refused_so_that_a_second_record_cannot_slip_through():
    with pytest.raises(Refused, match="private network"):
        checked("https://motcua.example.vn/", True, False, resolving("203.113.131.5", "10.0.0.7"))


def test_production_calls_https_only_and_development_may_call_its_local_receivers_without_resolving():
    with pytest.raises(Refused, match="https"):
        checked("http://motcua.example.vn/", True, False, resolving("203.113.131.5"))
    local = checked("http://127.0.0.1:8080/h", False, True, resolving())  # not resolved at all
    assert local == Receiver("http://127.0.0.1:8080/h", "127.0.0.1:8080", "127.0.0.1")
    with pytest.raises(Refused, match="http or https"):
        checked("ftp://motcua.example.vn/", False, True)
    literal = checked("http://[::1]:8080/h", False, True)
    assert literal.host == "[::1]:8080"  # a Host header keeps an IPv6 literal's brackets


def test_a_name_that_resolves_to_loopback_is_refused_through_the_systems_resolver():
    assert "127.0.0.1" in system_resolve("localhost", 443)
    with pytest.raises(Refused, match="private network"):
        checked("https://localhost/hooks", True, False)
    with pytest.raises(Refused, match="does not resolve"):
        checked("https://no-such-host.invalid/", True, False)
