"""The missing chapter built from the same synthetic children in three layouts: panelbook's files, the
SSDA903 return (data/sample-903) and the Standard Safeguarding Dataset (data/sample-ssd).

The chapter's shared exports must be identical across the three, the layouts must be what the seeded
generators write, and a 903 folder without nationality.csv builds with the reason the by-nationality
tables are missing.
"""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import ROOT, glued, read_export, run_cli
from panelbook.sample.national import LAYOUTS

EDITIONS = {"panelbook": "2013-14-q2.yaml", "ssda903": "903-2013-14-q2.yaml", "ssd": "ssd-2013-14-q2.yaml"}
SHARED = ("missing-by-nationality", "missing-episodes-by-nationality", "missing-by-age", "missing-by-time-open",
          "missing-episodes-per-child", "missing-by-type")
HEADLINE = ("children", "episodes", "new_referrals", "still_missing", "found", "still_missing_new_referrals",
            "found_episodes", "most_episodes", "next_most_episodes", "repeat_children", "intake",
            "m_children", "m_episodes", "a_children", "a_episodes")


NO_NATIONALITY = "903 without nationality"


def missing_only(params_file: str, folder, data_dir=None):
    """The edition's header keys and its missing section, as written (data_dir made absolute)."""
    raw = yaml.safe_load((ROOT / "params" / params_file).read_text())
    keep = {k: raw[k] for k in ("title", "local_authority", "disclosure", "missing") if k in raw}
    keep["data_dir"] = str(data_dir or (ROOT / "params" / raw["data_dir"]).resolve())
    keep["missing"] = {k: str(v) if hasattr(v, "isoformat") else v for k, v in keep["missing"].items()}
    path = folder / params_file
    path.write_text(yaml.safe_dump(keep, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """source -> its edition's build, and "903 without nationality" -> the 903 edition's over a copy of its
    folder without nationality.csv: the four built by one command (a batch: DIR/<edition>/)."""
    root = tmp_path_factory.mktemp("layouts")
    files = {source: missing_only(params_file, root) for source, params_file in EDITIONS.items()}
    data = root / "903"
    shutil.copytree(ROOT / "data" / "sample-903", data)
    (data / "nationality.csv").unlink()
    (root / "without").mkdir()
    files[NO_NATIONALITY] = missing_only(EDITIONS["ssda903"], root / "without", data).rename(
        root / "without" / "903-without-nationality.yaml")
    run_cli("build", *files.values(), "--out", root / "out")
    return {source: root / "out" / path.stem for source, path in files.items()}


def test_the_three_editions_share_their_section_but_the_source():
    sections = {s: yaml.safe_load((ROOT / "params" / f).read_text())["missing"] for s, f in EDITIONS.items()}
    for source, section in sections.items():
        assert section.pop("source", "panelbook") == source
        section.pop("episode_types", None)
    assert sections["panelbook"] == sections["ssda903"] == sections["ssd"]


@pytest.mark.slow
def test_shared_exports_identical_across_sources(builds):
    for export_id in SHARED:
        base = (builds["panelbook"] / "figures" / f"{export_id}.csv").read_bytes()
        for source in ("ssda903", "ssd"):
            assert (builds[source] / "figures" / f"{export_id}.csv").read_bytes() == base, (export_id, source)
    assert read_export(builds["panelbook"] / "figures", "missing-by-age").iloc[-1]["children"] == "32"
    eth = (builds["ssda903"] / "figures" / "missing-by-ethnicity.csv").read_bytes()
    assert eth == (builds["ssd"] / "figures" / "missing-by-ethnicity.csv").read_bytes()
    assert not (builds["panelbook"] / "figures" / "missing-by-ethnicity.csv").exists()  # children.csv has none
    g = {s: glued(builds[s] / "notebooks" / "missing.ipynb") for s in EDITIONS}
    for key in HEADLINE:
        assert g["panelbook"][key] == g["ssda903"][key] == g["ssd"][key], key
    assert g["panelbook"]["new_label"] == "new referrals" and g["ssd"]["new_label"] == "new to care"


@pytest.mark.slow
def test_return_interviews_only_where_the_ssd_records_them(builds):
    t = read_export(builds["ssd"] / "figures", "missing-return-interviews")
    assert t.columns.tolist() == ["measure", "episodes", "share_pct"]
    assert t["measure"].tolist() == ["Episodes ended in the period", "Return interview offered",
                                     "Return interview accepted"]
    assert t.iloc[0]["share_pct"] == "100.0"
    for source in ("panelbook", "ssda903"):
        assert not (builds[source] / "figures" / "missing-return-interviews.csv").exists()
    page = (builds["ssd"] / "html" / "chapters" / "missing.html").read_text()
    assert "Time in care" in page and "new to care" in page and "independent return interview" in page
    assert "Source: ssd_person.csv, ssd_missing.csv, ssd_immigration_status.csv, ssd_cla_episodes.csv" in page
    reg = (builds["ssda903"] / "figures" / "register.json").read_text()
    assert '"file": "missing.csv"' in reg and '"file": "nationality.csv"' in reg


@pytest.mark.slow
def test_903_without_nationality_says_why(builds):
    out = builds[NO_NATIONALITY]
    assert not (out / "figures" / "missing-by-nationality.csv").exists()
    assert not (out / "figures" / "missing-episodes-by-nationality.csv").exists()
    assert (out / "figures" / "missing-by-ethnicity.csv").is_file()
    page = (out / "html" / "chapters" / "missing.html").read_text()
    assert "The tables by nationality are not produced: the SSDA903 return records ethnicity" in page


@pytest.mark.parametrize("folder", sorted(LAYOUTS))
def test_layouts_are_what_the_seeded_generators_write(folder, tmp_path):
    from panelbook.sample.common import write_csv

    for name, frame in LAYOUTS[folder](2014).items():
        write_csv(frame, tmp_path / name)
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / folder / name).read_bytes(), name
    assert sorted(p.name for p in (ROOT / "data" / folder).iterdir()) == sorted(LAYOUTS[folder](2014))
