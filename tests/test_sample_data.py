"""data/sample/ is exactly what its seeded generators write (the action registers read from their CSV
files, the other chapters from their published constraints): `make sample` changes nothing."""
from __future__ import annotations

import importlib

import pytest

from conftest import ROOT
from panelbook.sample import GENERATORS
from panelbook.sample.common import write_csv


@pytest.mark.parametrize("name", GENERATORS)
def test_the_sample_regenerates_byte_for_byte(name, tmp_path):
    frames = importlib.import_module(GENERATORS[name]).generate(2014)
    assert frames
    for file, frame in frames.items():
        write_csv(frame, tmp_path / file)
        assert (tmp_path / file).read_bytes() == (ROOT / "data" / "sample" / file).read_bytes(), file


def test_the_action_registers_are_data_with_their_sources():
    from panelbook.chapters.actions import sample as actions

    for name in (*actions.PLANS, actions.CLOSED_SINCE_PREVIOUS):
        reg = actions.register(name)
        raw = (actions.REGISTERS / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert list(reg.columns) == actions.COLUMNS and raw[-1] == "source" and len(reg)
    assert [len(actions.register(n)) for n in actions.PLANS] == [37, 33, 3]  # as transcribed: 001, 004, 000
