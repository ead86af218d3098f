"""Pacing with a token bucket (no I/O)."""

from __future__ import annotations


class TokenBucket:
    """Pacing with a token bucket (no I/O: the caller passes the clock, in seconds).

    ``rate`` tokens per second, at most ``burst`` saved up; ``rate <= 0`` never limits.
    The vendor edge drops messages above 5 per second with a burst of 5
    (vendor-notes.md, Limits); the controller paces with one, the edge can emulate one.
    """

    def __init__(self, rate: float, burst: int = 5) -> None:
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self._tokens = float(self.burst)
        self._stamp: float | None = None

    @property
    def unlimited(self) -> bool:
        return self.rate <= 0

    def _refill(self, now: float) -> None:
        if self._stamp is not None and now > self._stamp:
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
        if self._stamp is None or now > self._stamp:
            self._stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until a token is available (0 when one is available now)."""
        if self.unlimited:
            return 0.0
        self._refill(now)
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

    def try_take(self, now: float) -> bool:
        """Take a token if one is available now."""
        if self.unlimited:
            return True
        self._refill(now)
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False
