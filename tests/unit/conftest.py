"""Unit tests run with the network off: any socket connection, even to loopback, fails the test."""

import pytest
from pytest_socket import _remove_restrictions, socket_allow_hosts


@pytest.fixture(autouse=True)
def _network_off():
    # Blocks connect() rather than socket creation: libraries open sockets at import (urllib3's IPv6
    # probe, X-Ray's UDP emitter) without using the network.
    socket_allow_hosts([], allow_unix_socket=True)
    yield
    _remove_restrictions()
