"""Key messages: each chapter's headline measures, worded as one plain sentence each, worst news first.

A chapter declares its messages next to its analysis (`key_messages(...)` in `analysis/<chapter>.py`),
reading every value from its tables *as published* (the exported CSV text, after disclosure control),
so a message never shows a number the book withholds. This module holds what is common: the
`KeyMessage` record, how a message reads as a sentence (true for any edition: every value is glued
in, no edition's words are here), how messages are ordered (worst news first), and the edition-wide
exports `figures/key-messages.csv` (the contract's columns) and `figures/key-messages.json` (the same
messages with their sentences, trends and the export cells they cite).
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas: imported where a frame is made: build.py imports this module for its no-op path too
    import pandas as pd

from .disclosure import SUPPRESSED

COLUMNS = ("chapter", "measure", "value", "comparison", "comparison_value", "change", "direction", "verdict", "rag")
CSV_NAME, JSON_NAME = "key-messages.csv", "key-messages.json"
KIND = "key-messages"  # the sidecars' kind: not a table or chart (diff, reconcile and papers skip them)

# verdicts (the significance test's, where one applies)
REAL, NOT_CLEAR, TOO_FEW = "real change", "no clear change", "too few to tell"
# the comparison kinds a sentence words differently
TARGET, EARLIER, BENCHMARK = "target", "earlier", "benchmark"
PREVIOUS = "at the previous edition"  # the comparison of a measure with its value in `previous_edition`
EDITIONS_KEPT = 8  # the editions a measure's series across editions keeps (its trend when it has no other)


@dataclass(frozen=True)
class Cite:
    """Where a value is in the published exports: one cell (`column`) of the first row matching `where`;
    with `per`, that cell as a percentage of the row's `per` cell (1 dp, half up); with no `column`, the
    number of rows matching `where`. A withheld cell gives 'c'."""

    table: str
    where: dict = field(default_factory=dict)
    column: str | None = None
    per: str | None = None

    def rows(self, df: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        mask = pd.Series(True, index=df.index)
        for col, want in self.where.items():
            mask &= df[col].astype(str) == str(want)
        return df[mask]

    def read(self, tables: dict[str, pd.DataFrame]) -> str:
        """The cited value as the export shows it ('' when the table or row is not there)."""
        df = tables.get(self.table)
        if df is None:
            return ""
        rows = self.rows(df)
        if self.column is None:
            return str(len(rows))
        if rows.empty:
            return ""
        cell = str(rows.iloc[0][self.column])
        if self.per is None:
            return cell
        whole = str(rows.iloc[0][self.per])
        if SUPPRESSED in (cell, whole):
            return SUPPRESSED
        part, of = number(cell), number(whole)
        if part is None or not of:
            return ""
        from .numbers import round_half_up

        return format_number(float(round_half_up(part / of * 100, 1)), 1)


@dataclass(frozen=True)
class KeyMessage:
    """One headline measure. `value` and `comparison_value` are the exported texts ("c" = withheld).

    label: what is measured, as a noun phrase that starts a sentence ("the social-work vacancy rate");
    unit: "%" (a percentage), "" (a count or other number), or " days" etc. appended to values;
    when: when the value applies ("in December 2013"), glued by the chapter from its data;
    comparison: what the value is set against, as the sentence words it: a noun phrase for a TARGET or
      BENCHMARK ("the target", "the national average", "England"), when for an EARLIER value ("in
      2013-14 Q2", "at the previous edition");
    kind: TARGET, EARLIER (an earlier period or edition) or BENCHMARK (England, the region ...);
    better: "higher", "lower" or None (no better side: a count of complaints is not good or bad);
    verdict: REAL, NOT_CLEAR or TOO_FEW where a significance test applies; rag where a target does;
    small_base: the base is too small to tell (says "too few to tell" whatever the numbers);
    trend: [(period, exported value)] oldest first, where earlier periods exist;
    note: a clause the chapter adds, computed from its tables ("all 4 were amber at the previous edition");
    by_edition: [(edition, exported value)] in each edition so far (with_previous), the trend when there is no other;
    comparison_previous: the comparison is the previous edition's value (its cite is in that build's exports).
    """

    chapter: str
    measure: str
    label: str
    value: str
    cite: Cite | None = None
    unit: str = ""
    when: str = ""
    comparison: str = ""
    comparison_value: str = ""
    comparison_cite: Cite | None = None
    kind: str = ""
    better: str | None = None
    verdict: str = ""
    p_value: str = ""
    rag: str = ""
    small_base: bool = False
    trend: tuple = ()
    note: str = ""
    by_edition: tuple = ()
    comparison_previous: bool = False

    # -- derived -------------------------------------------------------------------------------
    @property
    def withheld(self) -> bool:
        return SUPPRESSED in (self.value, self.comparison_value)

    @property
    def series(self) -> tuple:
        """The trend drawn and worded: the chapter's own periods, else the value in each edition so far."""
        return self.trend or (self.by_edition if len(self.by_edition) >= 2 else ())

    @property
    def too_few(self) -> bool:
        return self.withheld or self.small_base or self.verdict == TOO_FEW or number(self.value) is None

    @property
    def change(self) -> float | None:
        a, b = number(self.value), number(self.comparison_value)
        if a is None or b is None or self.too_few:
            return None
        return round(a - b, max(decimals(self.value), decimals(self.comparison_value)))

    @property
    def direction(self) -> str:
        c = self.change
        return "" if c is None else ("up" if c > 0 else "down" if c < 0 else "same")

    @property
    def rating(self) -> str:
        """The RAG rating: the chapter's own, else (against a target) green when at or better than it, red when worse."""
        if self.rag or self.kind != TARGET or self.too_few:
            return self.rag
        return {"better": "green", "same": "green", "worse": "red"}.get(self._judged(), "")

    def _judged(self) -> str:
        d = self.direction
        if not d or self.better is None:
            return ""
        if d == "same":
            return "same"
        return "better" if (d == "up") == (self.better == "higher") else "worse"

    @property
    def news(self) -> str:
        """'worse', 'better', 'same' or '' (nothing to judge): the change read with the measure's better side."""
        return {"red": "worse", "green": "better"}.get(self.rating, self._judged())

    @property
    def severity(self) -> int:
        """Worst news first: red; a real worsening; amber; a worsening; nothing to compare; no change or
        a change within chance; improvements; then "too few to tell" last."""
        if self.too_few:
            return 9
        if self.rating == "red":
            return 0
        if self.rating == "amber":
            return 2
        news = self.news
        if news == "worse":
            return {REAL: 1, NOT_CLEAR: 5}.get(self.verdict, 3)
        if news == "better":
            return {REAL: 8, NOT_CLEAR: 6}.get(self.verdict, 7)
        return 5 if news == "same" else 4

    # -- how it reads ---------------------------------------------------------------------------
    def shown(self, text: str) -> str:
        return f"{text}{self.unit}"

    def sentence(self) -> str:
        """One plain sentence, true for any edition: every value is the exported text, glued in."""
        subject = self.label[:1].upper() + self.label[1:]
        when = f" {self.when}" if self.when else ""
        if self.too_few:
            why = ("a number behind it is withheld to protect children's privacy" if self.withheld
                   else "there is no figure for it in this edition" if number(self.value) is None
                   else "the numbers behind it are small")
            return f"{subject}{when}: too few to tell ({why})."
        text = f"{subject} was {self.shown(self.value)}{when}"
        if self.comparison and number(self.comparison_value) is not None:
            text += self._against()
        if self.verdict:
            text += "; " + {REAL: "a real change, unlikely to be chance alone",
                            NOT_CLEAR: "a change within what chance alone would give"}.get(self.verdict, self.verdict)
        if 3 <= len(self.series) <= 5:
            text += f" ({self.trend_text()})"
        if self.note:
            text += f"; {self.note}"
        return text + "."

    def trend_text(self) -> str:
        values = " → ".join(self.shown(v) if number(v) is not None else "withheld" for _, v in self.series)
        return f"{values}, {self.series[0][0]} to {self.series[-1][0]}"

    def _against(self) -> str:
        """', against the target of 10% (worse than the target)'; ', down from 66.9% in 2013-14 Q2'."""
        other = self.shown(self.comparison_value)
        if self.kind in (TARGET, BENCHMARK):
            judged = self.news
            words = {"better": f"better than {self.comparison}", "worse": f"worse than {self.comparison}",
                     "same": f"the same as {self.comparison}"}.get(judged)
            return f", against {self.comparison} of {other}" + (f" ({words})" if words else "")
        moved = {"up": "up from", "down": "down from", "same": "the same as"}[self.direction]
        return f", {moved} {other} {self.comparison}"

    def row(self) -> dict:
        """The contract's columns (figures/key-messages.csv)."""
        change = self.change
        return {"chapter": self.chapter, "measure": self.measure, "value": self.value,
                "comparison": self.comparison, "comparison_value": self.comparison_value,
                "change": "" if change is None else format_number(change, max(decimals(self.value),
                                                                                decimals(self.comparison_value))),
                "direction": self.direction, "verdict": TOO_FEW if self.too_few else self.verdict,
                "rag": self.rating}

    def record(self) -> dict:
        """Everything about the message (the sidecar): the row, its sentence, trend and citations."""
        data = asdict(self)
        data["trend"] = [list(t) for t in self.trend]
        data["by_edition"] = [list(t) for t in self.by_edition]
        return {**data, "row": self.row(), "sentence": self.sentence(), "severity": self.severity}

    @classmethod
    def from_record(cls, data: dict) -> "KeyMessage":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("cite", "comparison_cite"):
            if known.get(key):
                known[key] = Cite(**known[key])
        for key in ("trend", "by_edition"):
            known[key] = tuple(tuple(t) for t in known.get(key, ()))
        return cls(**known)


# -- numbers as exported -------------------------------------------------------------------------------
def number(text) -> float | None:
    """The number an exported cell shows, or None ('c', blank, text)."""
    try:
        value = float(str(text).replace(",", ""))
    except ValueError:
        return None
    return None if math.isnan(value) else value


def decimals(text) -> int:
    s = str(text)
    return len(s.split(".", 1)[1]) if "." in s and number(s) is not None else 0


def format_number(value: float, places: int) -> str:
    return f"{value:.{places}f}"


# -- ordering and exports --------------------------------------------------------------------------------
def order_of(messages, chapter_order: list[str] | None = None) -> list[int]:
    """The positions of `messages` worst news first; ties in book order, then as the chapter declared them."""
    book = {slug: i for i, slug in enumerate(chapter_order or [])}
    return sorted(range(len(messages)),
                  key=lambda i: (messages[i].severity, book.get(messages[i].chapter, len(book)), i))


def ordered(messages, chapter_order: list[str] | None = None) -> list[KeyMessage]:
    """The messages worst news first (order_of)."""
    messages = list(messages)
    return [messages[i] for i in order_of(messages, chapter_order)]


def with_previous(messages, previous: Path | None, edition: str) -> list[KeyMessage]:
    """The messages beside the previous edition's (`previous`: that build's figures folder, `edition`: this
    edition's name): a message with no comparison of its own is compared with the same measure's value in
    the previous edition, and each carries its value in every edition so far (`by_edition`)."""
    folder = Path(previous) if previous else None
    from .chapters import slug_of

    # an earlier build may name a chapter by its historic slug ('missing-uasc', now 'missing')
    before = {(slug_of(r["chapter"]), r["measure"]): r for r in read_exports(folder)} if folder else {}
    if not before:
        return list(messages)
    register = folder / "register.json"
    built = json.loads(register.read_text(encoding="utf-8")) if register.is_file() else {}
    name = (built.get("parameters") or {}).get("edition_name") or built.get("title") or PREVIOUS
    out = []
    for m in messages:
        r = before.get((m.chapter, m.measure))
        if r is None:
            out.append(m)
            continue
        series = tuple(tuple(t) for t in r.get("by_edition") or ()) or ((name, r["value"]),)
        changes = {"by_edition": (*series, (edition, m.value))[-EDITIONS_KEPT:]}
        if not m.comparison and r["value"] != "":
            changes.update(comparison=PREVIOUS, comparison_value=r["value"], kind=EARLIER, comparison_previous=True,
                           comparison_cite=Cite(**r["cite"]) if r.get("cite") else None)
        out.append(replace(m, **changes))
    return out


def key_inputs(edition) -> Path | None:
    """The previous edition's key messages, which a chapter's messages are compared with (its cache key)."""
    prev = edition.model.previous_edition
    path = Path(prev) / JSON_NAME if prev else None
    return path if path is not None and path.is_file() else None


def sidecar_name(slug: str) -> str:
    return f"{slug}-key-messages.json"


def write_chapter(messages, slug: str, export_dir: Path, drawn: dict | None = None) -> Path:
    """A chapter's messages, in its export folder (collected by the build). `drawn`: measure -> the
    trend's small chart ({"file", "alt"}), rendered where the chapter's charts are."""
    drawn = drawn or {}
    records = [{**m.record(), **({"trend_chart": drawn[m.measure]} if m.measure in drawn else {})} for m in messages]
    path = Path(export_dir) / sidecar_name(slug)
    path.write_text(json.dumps({"kind": KIND, "section": slug, "messages": records},
                               indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_chapter(figures: Path, slug: str) -> list[dict]:
    """A chapter's message records as its notebook wrote them ([] when it wrote none)."""
    path = Path(figures) / sidecar_name(slug)
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["messages"]


def collect(figures: Path, chapters) -> list[dict]:
    """Every chapter's message records in the edition, worst news first."""
    slugs = [c.slug for c in chapters]
    records = [r for slug in slugs for r in read_chapter(figures, slug)]
    return [records[i] for i in order_of([KeyMessage.from_record(r) for r in records], slugs)]


def write_exports(figures: Path, chapters) -> list[dict]:
    """figures/key-messages.csv (the contract's columns) and key-messages.json (every message's row,
    sentence, trend and the export cells it cites), worst news first; returns the records."""
    import pandas as pd

    from .exports import write_csv

    records = collect(figures, chapters)
    write_csv(pd.DataFrame([r["row"] for r in records], columns=list(COLUMNS)), Path(figures) / CSV_NAME)
    (Path(figures) / JSON_NAME).write_text(json.dumps({"kind": KIND, "messages": records}, indent=1, sort_keys=True,
                                                      ensure_ascii=False) + "\n", encoding="utf-8")
    return records


def read_exports(figures: Path) -> list[dict]:
    """The edition's message records (figures/key-messages.json), worst news first."""
    path = Path(figures) / JSON_NAME
    return json.loads(path.read_text(encoding="utf-8"))["messages"] if path.is_file() else []


def markdown_list(messages) -> str:
    """The messages as a MyST bullet list (each sentence escaped: data text is never markup)."""
    from .escape import myst_text

    return "\n".join(f"- {myst_text(m.sentence())}" for m in messages) + "\n" if messages else ""


def headline(records, n: int = 3) -> list[dict]:
    """The first n messages with news to tell (worst first): what the intro's movement sentence names."""
    return [r for r in records if r["severity"] < 9][:n]


# -- small trend charts -------------------------------------------------------------------------------------
def trend_points(m: KeyMessage) -> list[tuple[str, float]]:
    """The trend's periods with a published number (a withheld 'c' is never drawn)."""
    return [(period, number(v)) for period, v in m.series if number(v) is not None]


def trend_spec(m: KeyMessage) -> dict | None:
    """A sparkline-sized Vega-Lite chart of the trend (None without two drawable periods)."""
    points = trend_points(m)
    if len(points) < 2:
        return None
    import altair as alt
    import pandas as pd

    from .charts import PALETTE, to_spec

    data = pd.DataFrame({"period": [p for p, _ in points], "value": [v for _, v in points],
                         "latest": [i == len(points) - 1 for i in range(len(points))]})
    base = alt.Chart(data).encode(x=alt.X("period:O", sort=None, axis=None),
                                  y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)))
    line = base.mark_line(color=PALETTE[0], strokeWidth=2)
    last = base.mark_point(color=PALETTE[0], filled=True, size=30).transform_filter("datum.latest")
    tips = base.mark_point(opacity=0).encode(tooltip=["period:N", alt.Tooltip("value:Q", title=m.unit.strip() or "value")])
    chart = alt.layer(line, last, tips).properties(width=120, height=28, padding=2).configure_view(stroke=None)
    return to_spec(chart)


def trend_file(m: KeyMessage) -> str:
    """The small chart's file in figures/ (a slug of chapter and measure)."""
    from .escape import slug

    return f"{slug(m.chapter)}-trend-{slug(m.measure)}.svg"


def trend_alt(m: KeyMessage) -> str:
    """The trend in words (the small chart's alt text): every period and its published value."""
    values = ", ".join(f"{period}: {m.shown(v) if number(v) is not None else 'withheld'}" for period, v in m.series)
    return f"Trend of {m.label}: {values}."


# -- verdicts --------------------------------------------------------------------------------------------
def verdict_of(stats_verdict: str) -> str:
    """A message's verdict from the book's test wording (stats.REAL, NO_CLEAR, TOO_FEW; '' otherwise)."""
    from . import stats

    return {stats.REAL: REAL, stats.NO_CLEAR: NOT_CLEAR, stats.TOO_FEW: TOO_FEW}.get(stats_verdict, "")


def share_verdict(before: tuple, now: tuple, alpha: float = 0.05, min_n: int = 30) -> str:
    """Is the change between two published shares real? `before`, `now`: (part, whole) as exported; the
    book's test of two periods (stats.compare_counts), or TOO_FEW when a count is withheld or small."""
    from . import stats

    counts = [number(v) for v in (*before, *now)]
    if any(c is None for c in counts):
        return TOO_FEW
    k0, n0, k1, n1 = (int(c) for c in counts)
    if not n0 or not n1:
        return ""
    result = stats.compare_counts([[k0, n0 - k0], [k1, n1 - k1]])
    return verdict_of(stats.verdict(result.p_value, n0, n1, alpha=alpha, min_n=min_n))
