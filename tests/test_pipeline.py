"""The build's plumbing that its speed rests on: the audit's rows come back in the
catalogue's order without reading the catalogue again; each verification is
handed to a worker only once its derivation is made."""

import pytest

from momentum_sym import pipeline

ORDER_CASES = [
    # chunks, rows in order
    ([[0, 6], [1, 7], [2], [3], [4], [5]], [0, 1, 2, 3, 4, 5, 6, 7]),
    ([[0], [1], [], [], [], []], [0, 1]),
    ([[], [], [], [], [], []], []),
    ([[0, 3, 6], [1, 4], [2, 5]], [0, 1, 2, 3, 4, 5, 6]),
]


@pytest.mark.parametrize(("chunks", "rows"), ORDER_CASES)
def test_catalogue_order_interleaves_the_chunks(chunks, rows):
    assert pipeline._catalogue_order(chunks) == rows


def test_catalogue_order_is_the_catalogues():
    from momentum_sym.audit.catalogue import entries

    ids = [e["id"] for e in entries()]
    chunks = [ids[j::pipeline.AUDIT_CHUNKS] for j in range(pipeline.AUDIT_CHUNKS)]
    assert pipeline._catalogue_order(chunks) == ids
    assert len(set(ids)) == len(ids)


def _produce_until_finish(monkeypatch, ids, draw, on_ready, on_finish):
    """Run the build's plumbing with the workers replaced by a recorder: ``on_ready(task)``
    for each task handed out while deriving, ``on_finish(later)`` when everything is
    derived (then it stops)."""

    class Recorded:
        def __init__(self, run, jobs, reserved):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def ready(self, task):
            on_ready(task)

        def finish(self, later, finished):
            on_finish(later)
            raise RuntimeError("stop here")

    monkeypatch.setattr(pipeline, "Overlap", Recorded)
    monkeypatch.setattr(pipeline, "_early_pool", lambda jobs: None)  # no real audit
    with pytest.raises(RuntimeError, match="stop here"):
        pipeline._produce(ids, pipeline.Settings(), draw, 2, None)


def test_each_task_is_handed_out_after_its_derivation_and_heard_after_all(monkeypatch):
    made, handed, heard = [], [], []
    monkeypatch.setattr(pipeline, "get", lambda id: made.append(id))
    _produce_until_finish(monkeypatch, ["a", "b"], False,
                          lambda task: handed.append((task[1], list(made))),
                          lambda later: heard.append(list(made)))
    assert handed == [("a", ["a"]), ("b", ["a", "b"])]
    assert heard == [["a", "b"]]


def test_a_figure_is_handed_out_once_after_the_results_it_plots(monkeypatch):
    from momentum_sym.figures import names

    handed, later = [], []
    monkeypatch.setattr(pipeline, "get", lambda id: None)
    ids = ["gd-loss-decomposition", "gd-optimal-step-size", "momentum-regimes"]
    _produce_until_finish(monkeypatch, ids, True, lambda task: handed.append(task[:2]),
                          lambda rest: later.extend(task[:2] for task in rest))
    after = pipeline._figures_after(ids)
    assert "loss-decomposition" in after["gd-optimal-step-size"]
    expected = [task for id in ids for task in [
        ("verify", id), *(("figure", name) for name in after.get(id, []))]]
    assert handed == expected
    figures = [task for task in handed + later if task[0] == "figure"]
    assert sorted(name for _, name in figures) == sorted(names())  # each once
