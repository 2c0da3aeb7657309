"""The unit suite really has no network."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


@pytest.mark.filterwarnings("ignore::UserWarning")  # pytest-socket also warns about the blocked attempt
def test_a_unit_test_cannot_connect_even_to_loopback():
    # Given a listening loopback socket is not even needed: When a unit test connects anywhere
    # Then the connection is refused by the guard before it leaves the process
    with socket.socket() as sock, pytest.raises(SocketConnectBlockedError):
        sock.connect(("127.0.0.1", 9))
