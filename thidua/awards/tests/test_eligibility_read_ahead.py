"""``eligibility.ahead.read_ahead``: the next chunk read in a thread, results in order."""

from __future__ import annotations

import threading

import pytest

from thidua.awards.eligibility import ahead
from thidua.awards.eligibility.ahead import read_ahead


@pytest.fixture(params=[False, True], ids=["in turn", "thread"])
def threaded(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setattr(ahead, "can_read_ahead", lambda: request.param)
    return bool(request.param)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 10])
def test_every_chunk_is_loaded_once_and_in_order(threaded: bool, count: int) -> None:
    loaded: list[int] = []
    threads: set[str] = set()

    def load(chunk: int) -> int:
        loaded.append(chunk)
        threads.add(threading.current_thread().name)
        return chunk * 10

    assert list(read_ahead(iter(range(count)), load)) == [i * 10 for i in range(count)]
    assert loaded == list(range(count))
    if threaded and count > 1:
        assert all(name.startswith("eligibility-read") for name in threads)
    else:
        assert threads <= {threading.current_thread().name}


def test_an_error_while_loading_reaches_the_caller(threaded: bool) -> None:
    def load(chunk: int) -> int:
        if chunk == 2:
            raise ValueError("chunk 2")
        return chunk

    results = read_ahead(iter(range(5)), load)

    assert [next(results), next(results)] == [0, 1]
    with pytest.raises(ValueError, match="chunk 2"):
        next(results)


def test_a_caller_that_stops_early_stops_the_reading(threaded: bool) -> None:
    loaded: list[int] = []

    def load(chunk: int) -> int:
        loaded.append(chunk)
        return chunk

    results = read_ahead(iter(range(100)), load)
    assert next(results) == 0
    results.close()

    assert len(loaded) <= 2
