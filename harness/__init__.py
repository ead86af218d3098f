"""edgeconform: a conformance harness for the Pod Update websocket message."""

from functools import cache


@cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("edgeconform")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    """``harness.__version__``, looked up on first use (the pytest plugin imports this package in
    every pytest run of the environment: it must cost nothing there)."""
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
