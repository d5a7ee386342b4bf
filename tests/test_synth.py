"""panelbook synth: several authorities and years, keys still unique, references still matching."""
import pandas as pd
import pytest

from conftest import run_cli


@pytest.mark.slow  # writes and validates two authorities' data in subprocesses
def test_synth_writes_valid_editions_for_each_authority(tmp_path):
    proc = run_cli("synth", "--authorities", "2", "--seed", "5", "--scale", "2", "--years", "2", "--out", tmp_path)
    params = sorted((tmp_path / "params").glob("*.yaml"))
    assert [p.name for p in params] == ["authority-001.yaml", "authority-002.yaml"]
    assert proc.stdout.count("authority-") == 2
    for p in params:
        assert run_cli("validate", p, check=False).returncode == 0
    data = tmp_path / "data" / "authority-001"
    children = pd.read_csv(data / "children.csv", dtype=str)
    episodes = pd.read_csv(data / "missing_episodes.csv", dtype=str)
    assert children["child_id"].is_unique
    assert episodes["child_id"].isin(children["child_id"]).all()
    years = pd.to_datetime(episodes["start_date"]).dt.year
    assert years.max() - years.min() >= 2  # the second year is the first shifted on
    questions = pd.read_csv(data / "survey_questions.csv", dtype=str)
    assert not questions.duplicated(["survey", "question_id"]).any()  # lookup tables are copied, not multiplied
    sample = pd.read_csv(__import__("conftest").ROOT / "data" / "sample" / "children.csv", dtype=str)
    assert len(children) > len(sample)  # multiplied (copies x years)
