"""Loaded into every Python process that tests/faketime/run-at starts (it is first on PYTHONPATH).

Debian's libfaketime 0.9.10 cannot both shift the clock and let Python 3.11 wait: with the monotonic clock
faked, timed lock waits (sem_clockwait) never return (wolfcw/libfaketime#390); with it real
(FAKETIME_DONT_FAKE_MONOTONIC=1, as run-at sets), time.sleep's clock_nanosleep(TIMER_ABSTIME) fails with
EINVAL (wolfcw/libfaketime#426). So time.sleep waits on an Event: a lock with a timeout on the real clock.
"""

import threading
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


time.sleep = _sleep
