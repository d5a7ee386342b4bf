"""The April 2014 papers' figures exist once: tests/published/ (copied from the shared catalogue).

params/published/2014-04/ is the sample edition's view of them in the `published:` contract (export
id, row, column, value, where it was printed), read by the build's reconciliation. Every value it
holds is proven here to be the catalogue's: the figure printed on the line its source cites, or (the
action plans' RAG counts) the count of the transcribed register. So no figure is typed twice.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from conftest import PUBLISHED, ROOT
from test_actions_reproduce import PLANS, expected

EDITION_FIGURES = ROOT / "params" / "published" / "2014-04"
VALUE_COLUMNS = ("value_num", "value_printed", "pct_printed")


def number(v) -> float | None:
    """'13%', '+3.4', '1,234', 'nine' (None): a printed figure as a number."""
    v = str(v).strip().replace("%", "").replace("+", "").replace("−", "-").replace(",", "")
    try:
        return float(v)
    except ValueError:
        return None


def _lines(text: str) -> range | None:
    m = re.match(r"\s*(\d+)(?:\s*[-–]\s*(\d+))?", text)
    return range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1) if m else None


def catalogue() -> dict[int, set[float]]:
    """Source line -> the figures the catalogue records as printed on it (tables and prose facts)."""
    out: dict[int, set[float]] = {}
    for path in sorted(PUBLISHED.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        line_col = "source_line" if "source_line" in df else "source_lines"
        for rec in df.to_dict("records"):
            values = {number(rec[c]) for c in VALUE_COLUMNS if c in rec} - {None}
            for part in str(rec[line_col]).split(";"):
                for line in _lines(part) or ():
                    out.setdefault(line, set()).update(values)
    for fact in yaml.safe_load((PUBLISHED / "facts.yaml").read_text(encoding="utf-8"))["facts"]:
        if number(fact["value"]) is not None:
            for line in range(fact["line_start"], fact["line_end"] + 1):
                out.setdefault(line, set()).add(number(fact["value"]))
    return out


def edition_figures() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False).assign(file=p.name)
              for p in sorted(EDITION_FIGURES.glob("*.csv"))]
    df = pd.concat(frames, ignore_index=True)
    return df[df["value"] != ""]  # a blank value is a remark on an answer printed without a figure


FIGURES = edition_figures()
REGISTER_COUNTS = FIGURES["table_id"].isin(["actions-rag-by-plan", "actions-rag-by-theme"])


def test_the_edition_lists_the_papers_figures():
    assert len(FIGURES) > 800 and set(FIGURES["file"]) >= {"missing.csv", "surveys.csv", "complaints.csv",
                                                           "recruitment.csv", "audits.csv", "actions.csv"}


def not_in_catalogue(figures: pd.DataFrame, cat: dict[int, set[float]]) -> list[tuple]:
    """The figures not printed, as the catalogue records, on any line their source cites."""
    wrong = []
    for r in figures.itertuples():
        lines = [int(n) for n in re.findall(r"\blines? (\d+)", r.source)]
        if not lines or not any(number(r.value) in cat.get(n, ()) for n in lines):
            wrong.append((r.file, r.table_id, r.row, r.column, r.value, lines))
    return wrong


def test_every_printed_figure_is_the_catalogues_at_the_line_it_cites():
    assert not_in_catalogue(FIGURES[~REGISTER_COUNTS], catalogue()) == []


@pytest.mark.parametrize("plan,file", PLANS.items())
def test_the_action_plans_rag_counts_are_the_registers(plan, file):
    by_plan, by_theme = expected(file, None).loc["all"], expected(file, "theme")
    rows = FIGURES[REGISTER_COUNTS & FIGURES["source"].str.contains(f"(source {file[8:11]})", regex=False)]
    assert len(rows) >= 5
    for r in rows.itertuples():
        want = by_plan[r.column] if r.table_id == "actions-rag-by-plan" else by_theme.at[r.row, r.column]
        assert r.row in (plan, *by_theme.index) and int(r.value) == int(want), (r.row, r.column, r.value)


def test_the_check_can_fail():
    """A figure typed differently from the catalogue, or citing a line it has nothing for, is caught."""
    cat = catalogue()
    sample = FIGURES[FIGURES["table_id"] == "complaints-by-service"].head(2).copy()
    assert not_in_catalogue(sample, cat) == []
    sample.iloc[0, sample.columns.get_loc("value")] = "13"  # UASC 12 on line 1491
    sample.iloc[1, sample.columns.get_loc("source")] = "Panel pack, line 1"
    assert [w[4] for w in not_in_catalogue(sample, cat)] == ["13", sample.iloc[1]["value"]]
