"""Unit tests run with the network switched off: any socket connection fails the test."""

import pytest
from pytest_socket import disable_socket, enable_socket


@pytest.fixture(autouse=True)
def _network_off():
    disable_socket(allow_unix_socket=True)
    yield
    enable_socket()
