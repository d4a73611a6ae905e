"""The two YAML readers agree: rapidyaml (fast path in worker processes) and PyYAML (everywhere)."""

from pathlib import Path

import pytest

from ska import load, validate

REPO = Path(__file__).resolve().parent.parent
FILES = sorted((REPO / "content").rglob("*.yaml")) + sorted((REPO / "tests").rglob("*.yaml"))


@pytest.mark.skipif(load.ryml is None, reason="rapidyaml is not installed")
def test_rapidyaml_reads_every_regular_file_exactly_as_pyyaml():
    compared = 0
    for path in FILES:
        try:
            text, _ = load.decode(path.read_bytes(), path.name)
            if "&" in text or " #" in text:
                continue  # anchors and trailing comments always take the careful path (parse() checks this too)
            expected = load._fast_build(load.compose(text, path.name))
        except (load.LoadFailure, load._Irregular):
            continue  # the careful path explains these; rapidyaml must not accept them either
        try:
            data = load._ryml_build(text)
        except load._Irregular:
            continue
        assert repr(data) == repr(expected), path
        compared += 1
    assert compared > 100


@pytest.mark.skipif(load.ryml is None, reason="rapidyaml is not installed")
def test_rapidyaml_refuses_what_pyyaml_would_explain():
    for text in ("a: 1\na: 2\n", "a: !!python/object:os.system x\n", "a: yes\n", "a: &x 1\nb: *x\n",
                 "a: 1\n---\nb: 2\n", "? [a]\n: 1\n", "a: [1, 2\n"):
        with pytest.raises(load._Irregular):
            load._ryml_build(text)


def test_workers_find_the_same_as_one_process(project, monkeypatch):
    serial = validate.validate(project, jobs=1, use_cache=False)
    monkeypatch.setattr(validate, "PARALLEL_FROM", 1)
    parallel = validate.validate(project, jobs=2, use_cache=False)
    assert parallel.problems == serial.problems
    assert [d for _, d in parallel.documents] == [d for _, d in serial.documents]
