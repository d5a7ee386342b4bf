"""Placement stability: the chapter's params, its table and its chart with alt text.

Each function takes frames (or the published table) and returns a frame, a chart or text, so each is
tested on its own (test_analysis.py). Charts and alt text take the table as published: a count it
withholds is a 'c' there, never a number.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
from pydantic import Field

from panelbook.numbers import WITHHELD
from panelbook.params import StrictModel


class Params(StrictModel):
    """The edition's `placement-stability:` section."""

    order: list[str] = Field([], description="categories in the order the table lists them "
                                             "(default: the largest first)")


def by_category(rows: pd.DataFrame, p: Params) -> pd.DataFrame:
    """The rows counted by category (in the edition's order, then the largest first), then a Total row."""
    counts = rows["category"].value_counts()
    rest = sorted((c for c in counts.index if c not in p.order), key=lambda c: (-counts[c], c))
    order = [c for c in p.order if c in counts.index] + rest
    table = pd.DataFrame({"category": order, "count": [int(counts[c]) for c in order]})
    total = pd.DataFrame({"category": ["Total"], "count": [int(counts.sum())]})
    return pd.concat([table, total], ignore_index=True)


def bar_chart(published: pd.DataFrame):
    """Bars of the published counts, without the Total (a withheld count is not drawn)."""
    body = published[published["category"] != "Total"]
    return (alt.Chart(body).mark_bar(color="#1f5fa8")
            .encode(x=alt.X("count:Q", title="Records"), y=alt.Y("category:N", sort=None, title="Category"),
                    tooltip=[alt.Tooltip("category:N", title="Category"), alt.Tooltip("count:Q", title="Records")])
            .properties(width=420))


def describe(published: pd.DataFrame) -> str:
    """Alt text from the published table: every category's count, a withheld one said as such."""
    body = published[published["category"] != "Total"]
    parts = "; ".join(f"{r.category}: {WITHHELD if r.count == 'c' else r.count}" for r in body.itertuples())
    return f"Bar chart of records by category. {parts}."
