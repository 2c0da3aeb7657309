"""Unit tests run with the network switched off: opening any socket fails the test."""

import pytest
import urllib3  # noqa: F401 - imported first: its import-time IPv6 probe opens a socket, which is not network use
from pytest_socket import disable_socket, enable_socket


@pytest.fixture(autouse=True)
def _network_off():
    disable_socket(allow_unix_socket=True)
    yield
    enable_socket()
