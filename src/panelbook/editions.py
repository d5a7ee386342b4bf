"""Editions over time: financial-year quarters and next quarter's parameters in one command.

Quarters are those of the English financial year: Q1 = April-June, Q2 = July-September,
Q3 = October-December, Q4 = January-March, labelled like ``2013-14 Q4``.

``panelbook new-edition OLD.yaml --next`` (or ``--quarter '2014-15 Q1'``) writes a new edition's
parameters from an old one. The edition's quarter is the latest quarter its sections report on
(the quarter of each section's ``period_end``, and survey ``period`` labels; failing those, the
``as_at`` dates). Every section is then moved by the same number of quarters ``k`` (1 for
``--next``; target minus the edition's quarter for ``--quarter``), so a chapter that lagged the
others keeps its lag. Generic over any section: every dict is scanned for date values.

Windows — ``period_start``/``period_end`` and any other ``<x>_start``/``<x>_end`` or
``<x>_from``/``<x>_to`` pair of dates (``advocacy_period_*``, audits' ``cumulative_*``):

- exactly one financial-year quarter -> the quarter ``k`` later;
- year to date (starts on 1 April of its end's financial year and is longer than a quarter; a full
  financial year April-March counts, so a chain of quarterly editions goes Q3 -> Q4 (whole year)
  -> Q1 (April-June)) -> the end moves ``3k`` months and the start is the 1 April before the new
  end: a year-to-date period stays year to date, and restarts in Q1. (A rolling 12 months ending
  in March cannot be told apart from a financial year: it is read as year to date.)
- anything else (a rolling 6 or 12 months, a window not aligned to quarters) -> both ends move
  ``3k`` months, so the window keeps its length and its position relative to the quarter end.

Single dates: ``year_end`` becomes the 31 March ending the financial year of the section's new
period end (or ``as_at``); a date equal to the old ``period_end`` becomes the new one; any other
date (``as_at`` ...) moves ``3k`` months. Moving by months keeps month ends month ends (30 Nov + 3
months = 28/29 Feb). Quarter labels move ``k`` quarters, except ``compare_with``, which becomes the
quarter before the section's new ``period``.

The title's quarter label or date (``12 June 2019``, ``June 2019``, ``2019-06-12``) is replaced;
a title with neither gets the new quarter appended. ``edition_name``, ``book_title`` and ``footer`` have
their quarter label or date moved the same way (left alone when they have neither), and
``papers.date`` (the meeting) moves ``3k`` months, so no citation keeps the old edition's name. Relative paths are rewritten for the output's
folder. ``published:`` (the figures the old edition's papers printed) is dropped; ``previous_edition``
is pointed at the old edition's figures when it follows the quarterly naming. Everything else
(thresholds, targets, national benchmarks) is carried over, with a printed reminder of the values
usually refreshed each year.

The YAML is rewritten with PyYAML: key order is kept, and comments on key lines and full-line
comments above keys are carried over by key path; other comments (e.g. on list items) may be lost.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
import yaml

from .errors import PanelbookError, ParamsError

MONTHS = [calendar.month_name[i] for i in range(1, 13)]
LABEL_RE = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2,4})\s+Q\s*(\d+)\s*$", re.IGNORECASE)
LABEL_IN_TEXT = re.compile(r"\b\d{4}-\d{2} Q[1-4]\b")


# -- quarters ------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Quarter:
    """A financial-year quarter: fy = the calendar year the financial year starts in (2013 = 2013-14)."""

    fy: int
    q: int

    def __post_init__(self):
        if self.q not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1-4, got {self.q}")

    @classmethod
    def parse(cls, label: str) -> "Quarter":
        """'2013-14 Q4' -> Quarter(2013, 4); a ParamsError says what is wrong with a bad label."""
        m = LABEL_RE.match(str(label))
        if not m:
            raise ParamsError(f"{label!r} is not a quarter: expected a financial year and quarter like '2013-14 Q4'")
        start, end, q = int(m.group(1)), m.group(2), int(m.group(3))
        expected = f"{(start + 1) % 100:02d}" if len(end) == 2 else str(start + 1)
        if end != expected:
            raise ParamsError(f"{label!r}: a financial year runs April to March of consecutive years, "
                              f"so {start} is followed by {start}-{(start + 1) % 100:02d}, not {start}-{end}")
        if not 1 <= q <= 4:
            raise ParamsError(f"{label!r}: the quarter must be Q1 (Apr-Jun), Q2 (Jul-Sep), Q3 (Oct-Dec) "
                              "or Q4 (Jan-Mar)")
        return cls(start, q)

    @classmethod
    def of(cls, d: dt.date) -> "Quarter":
        """The financial-year quarter containing a date."""
        fy = d.year if d.month >= 4 else d.year - 1
        return cls(fy, (d.month - 4) % 12 // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.fy}-{(self.fy + 1) % 100:02d} Q{self.q}"

    @property
    def slug(self) -> str:
        """File-name form: 2013-14-q4."""
        return f"{self.fy}-{(self.fy + 1) % 100:02d}-q{self.q}"

    def __str__(self) -> str:
        return self.label

    @property
    def index(self) -> int:
        return self.fy * 4 + self.q - 1

    @classmethod
    def from_index(cls, i: int) -> "Quarter":
        return cls(i // 4, i % 4 + 1)

    def __add__(self, k: int) -> "Quarter":
        return Quarter.from_index(self.index + k)

    def __sub__(self, other):
        if isinstance(other, Quarter):
            return self.index - other.index
        return Quarter.from_index(self.index - other)

    def next(self) -> "Quarter":
        return self + 1

    def previous(self) -> "Quarter":
        return self - 1

    @property
    def start(self) -> dt.date:
        month = 4 + 3 * (self.q - 1)
        return dt.date(self.fy + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        return add_months(self.start, 3) - dt.timedelta(days=1)

    @property
    def fy_start(self) -> dt.date:
        return dt.date(self.fy, 4, 1)

    @property
    def fy_end(self) -> dt.date:
        return dt.date(self.fy + 1, 3, 31)


def add_months(d: dt.date, months: int) -> dt.date:
    """Move a date by whole months; a month's last day stays a month's last day, other days are clamped."""
    i = d.year * 12 + d.month - 1 + months
    y, m = divmod(i, 12)
    last = calendar.monthrange(y, m + 1)[1]
    is_last = d.day == calendar.monthrange(d.year, d.month)[1]
    return dt.date(y, m + 1, last if is_last else min(d.day, last))


def month_span(start: dt.date, end: dt.date) -> int:
    """Whole calendar months covered by [start, end] when start is a 1st and end a month end, else -1."""
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return -1
    return (end.year - start.year) * 12 + end.month - start.month + 1


# -- windows and dates ---------------------------------------------------------------------
def move_window(start: dt.date, end: dt.date, k: int) -> tuple[dt.date, dt.date, str]:
    """A (start, end) window moved k quarters, and which rule applied (see the module docstring)."""
    q = Quarter.of(end)
    if start == q.start and end == q.end:
        nq = q + k
        return nq.start, nq.end, "quarter"
    span = month_span(start, end)
    if start == q.fy_start and 3 < span <= 12:
        new_end = add_months(end, 3 * k)
        return Quarter.of(new_end).fy_start, new_end, "year to date"
    what = f"rolling {span} months" if span > 0 else "moved"
    return add_months(start, 3 * k), add_months(end, 3 * k), what


def _as_date(v) -> dt.date | None:
    """A YAML date value (or an ISO date string) as a date; None if it is not one."""
    if isinstance(v, dt.datetime):
        return None
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _like(original, d: dt.date):
    """Write a moved date back in the type it was read as (date or ISO string)."""
    return d.isoformat() if isinstance(original, str) else d


def _is_label(v) -> bool:
    return isinstance(v, str) and LABEL_RE.match(v) is not None


_PAIRS = (("_start", "_end"), ("_from", "_to"))


def _windows(d: dict) -> list[tuple[str, str]]:
    """Pairs of date keys forming a window: period_start/period_end, x_start/x_end, x_from/x_to."""
    out = []
    for key in d:
        for a, b in _PAIRS:
            if isinstance(key, str) and key.endswith(a):
                other = key[: -len(a)] + b
                if other in d and _as_date(d[key]) and _as_date(d[other]):
                    out.append((key, other))
    return out


def move_section(section: dict, k: int, where: str, log: list[str]) -> dict:
    """A section (any dict) with every date and quarter label moved k quarters; key order kept."""
    out = dict(section)
    old_end = _as_date(section.get("period_end"))
    moved_end = None
    for a, b in _windows(section):
        s, e = _as_date(section[a]), _as_date(section[b])
        ns, ne, rule = move_window(s, e, k)
        out[a], out[b] = _like(section[a], ns), _like(section[b], ne)
        if a == "period_start":
            moved_end = ne
        name = a[: -len("_start")] if a.endswith("_start") else a[: -len("_from")]
        log.append(f"{where}.{name}: {s} to {e} -> {ns} to {ne} ({rule})")
    paired = {key for pair in _windows(section) for key in pair}
    for key, v in section.items():
        if key in paired:
            continue
        d = _as_date(v)
        if d is not None:
            if key == "year_end":
                at = _as_date(section.get("as_at"))
                ref = moved_end or (add_months(at, 3 * k) if at else add_months(d, 3 * k))
                nd = Quarter.of(ref).fy_end
            elif old_end is not None and d == old_end and moved_end is not None:
                nd = moved_end
            else:
                nd = add_months(d, 3 * k)
            out[key] = _like(v, nd)
            log.append(f"{where}.{key}: {d} -> {nd}")
        elif _is_label(v) and key != "compare_with":
            out[key] = (Quarter.parse(v) + k).label
            log.append(f"{where}.{key}: {v} -> {out[key]}")
        elif isinstance(v, dict):
            out[key] = move_section(v, k, f"{where}.{key}", log)
        elif isinstance(v, list) and any(_as_date(x) for x in v):
            out[key] = [_like(x, add_months(_as_date(x), 3 * k)) if _as_date(x) else x for x in v]
            log.append(f"{where}.{key}: dates moved {3 * k} months")
    if _is_label(section.get("compare_with")):
        base = out.get("period")
        new = (Quarter.parse(base) - 1) if _is_label(base) else Quarter.parse(section["compare_with"]) + k
        out["compare_with"] = new.label
        log.append(f"{where}.compare_with: {section['compare_with']} -> {new.label}")
    return out


# -- the edition's quarter and title -------------------------------------------------------
def _sections(raw: dict) -> dict[str, dict]:
    return {k: v for k, v in raw.items() if isinstance(v, dict) and k not in ("disclosure", "papers")}


def edition_quarter(raw: dict) -> Quarter | None:
    """The latest quarter the edition's sections report on (period ends and survey periods; else as_at)."""
    found, fallback = [], []
    for sec in _sections(raw).values():
        end = _as_date(sec.get("period_end"))
        if end is not None:
            found.append(Quarter.of(end))
        if _is_label(sec.get("period")):
            found.append(Quarter.parse(sec["period"]))
        at = _as_date(sec.get("as_at"))
        if at is not None:
            fallback.append(Quarter.of(at))
    return max(found or fallback, default=None)


_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (" + "|".join(MONTHS) + r") (\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def move_wording(text: str, k: int) -> str:
    """Wording with a quarter label or a date in it (edition_name, book_title, footer), moved k quarters;
    text without one is unchanged."""
    moved = move_title(text, k, None)
    return text if moved is None else moved


def move_title(title: str, k: int, target: Quarter | None) -> str | None:
    """Replace the title's quarter label or date (moved k quarters); else append the new quarter
    (None, when there is no target quarter to append)."""
    if LABEL_IN_TEXT.search(title):
        return LABEL_IN_TEXT.sub(lambda m: (Quarter.parse(m.group(0)) + k).label, title)
    m = _DAY_MONTH_YEAR.search(title)
    if m:
        d = add_months(dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1))), 3 * k)
        return title[: m.start()] + f"{d.day} {MONTHS[d.month - 1]} {d.year}" + title[m.end():]
    m = _MONTH_YEAR.search(title)
    if m:
        d = add_months(dt.date(int(m.group(2)), MONTHS.index(m.group(1)) + 1, 1), 3 * k)
        return title[: m.start()] + f"{MONTHS[d.month - 1]} {d.year}" + title[m.end():]
    m = _ISO.search(title)
    if m and _as_date(m.group(0)):
        return title[: m.start()] + add_months(_as_date(m.group(0)), 3 * k).isoformat() + title[m.end():]
    return None if target is None else f"{title.rstrip()}, {target.label}"


WORDING_KEYS = ("edition_name", "book_title", "footer")  # top-level wording that may name the quarter or a date


# -- paths ---------------------------------------------------------------------------------
_PATH_KEYS = {"data_dir", "previous_edition", "previous"}


def _rebase(value: str, old_dir: Path, new_dir: Path) -> str:
    """A path relative to the old file's folder, re-expressed relative to the new file's folder."""
    p = Path(value)
    if p.is_absolute() or old_dir.resolve() == new_dir.resolve():
        return value
    target, base = (old_dir / p).resolve(), new_dir.resolve()
    if os.path.commonpath([target, base]) == os.path.sep:  # nothing in common: absolute is clearer
        return target.as_posix()
    return Path(os.path.relpath(target, base)).as_posix()


def _rebase_paths(d: dict, old_dir: Path, new_dir: Path) -> dict:
    out = {}
    for key, v in d.items():
        is_path = isinstance(key, str) and (key in _PATH_KEYS or key.endswith(("_dir", "_file", "_path")))
        if is_path and isinstance(v, str):
            out[key] = _rebase(v, old_dir, new_dir)
        elif isinstance(v, dict):
            out[key] = _rebase_paths(v, old_dir, new_dir)
        else:
            out[key] = v
    return out


# -- the new edition -----------------------------------------------------------------------
REFRESH_WORDS = ("national", "target", "benchmark", "children_in_care", "denominator", "population")


def refresh_reminders(raw: dict) -> list[str]:
    """Keys carried over that are usually refreshed each year: national averages, targets, denominators."""
    out = []

    def walk(d: dict, where: str):
        for key, v in d.items():
            path = f"{where}.{key}" if where else str(key)
            if any(w in str(key).lower() for w in REFRESH_WORDS):
                out.append(path)
            elif isinstance(v, dict):
                walk(v, path)

    walk(raw, "")
    return out


@dataclass
class NewEdition:
    """What new_edition made: the parameters, the quarters, and what it changed (for printing)."""

    raw: dict
    old_quarter: Quarter
    quarter: Quarter
    changes: list[str]
    notes: list[str]
    reminders: list[str]


def new_edition(raw: dict, target: Quarter | None = None, *, old_dir: Path | None = None,
                new_dir: Path | None = None, old_slug: str | None = None) -> NewEdition:
    """The next (or the named) quarter's parameters from an edition's raw YAML mapping."""
    old_q = edition_quarter(raw)
    if old_q is None:
        raise ParamsError("cannot tell which quarter this edition covers: no section has a period_end, "
                          "a survey period or an as_at date")
    target = target or old_q.next()
    k = target - old_q
    if k == 0:
        raise ParamsError(f"the edition already covers {target.label}; name another quarter")
    changes, notes = [], []
    out = {}
    for key, v in raw.items():
        if key == "title" and isinstance(v, str):
            out[key] = move_title(v, k, target)
            changes.append(f"title: {v!r} -> {out[key]!r}")
        elif key in WORDING_KEYS and isinstance(v, str):
            out[key] = move_wording(v, k)
            if out[key] != v:
                changes.append(f"{key}: {v!r} -> {out[key]!r}")
        elif key == "papers" and isinstance(v, dict) and _as_date(v.get("date")):
            out[key] = {**v, "date": add_months(_as_date(v["date"]), 3 * k).isoformat()}
            changes.append(f"papers.date: {v['date']} -> {out[key]['date']}")
        elif key == "published":
            notes.append("published: dropped (the figures the old edition's papers printed); "
                         "add the new papers' figures if the new edition reconciles against them")
        elif key in ("disclosure", "papers") or not isinstance(v, dict):
            out[key] = v
        else:
            out[key] = move_section(v, k, key, changes)
    prev = raw.get("previous_edition")
    if isinstance(prev, str):
        before = (old_q - 1).slug
        if before in prev:
            out["previous_edition"] = prev.replace(before, old_q.slug)
            changes.append(f"previous_edition: {prev} -> {out['previous_edition']}")
        else:
            notes.append(f"previous_edition: still {prev}; point it at the figures of {old_q.label}'s build")
    else:
        notes.append("add previous_edition: <the old edition's build>/figures to open the book with "
                     "'Since the last edition'")
    if old_dir is not None and new_dir is not None:
        out = _rebase_paths(out, old_dir, new_dir)
    return NewEdition(out, old_q, target, changes, notes, refresh_reminders(out))


# -- YAML out, comments carried over -------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """No anchors/aliases; each collection in the style the original used (see _styled)."""

    def ignore_aliases(self, data):
        return True


class _Flow(dict):
    """A mapping written on one line: {a: 1, b: 2}."""


class _FlowList(list):
    """A list written on one line: [a, b]."""


def _short_flow(data) -> bool:
    items = list(data.values()) if isinstance(data, dict) else list(data)
    simple = all(not isinstance(x, (dict, list)) or (isinstance(x, list) and _short_flow(x)) for x in items)
    return bool(items) and simple and len(str(data)) <= 110


def _styled(v, path: tuple, flow: set, known: set):
    """Mark collections for flow style where the original wrote them inline (new keys: when short)."""
    inline = path in flow or (path not in known and _short_flow(v)) if isinstance(v, (dict, list)) else False
    if isinstance(v, dict):
        inner = {k: _styled(x, path + (str(k),), flow, known) for k, x in v.items()}
        return _Flow(inner) if inline else inner
    if isinstance(v, list):
        return _FlowList(v) if inline else [_styled(x, path, set(), {path}) for x in v]
    return v


_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))
_Dumper.add_representer(dict, lambda d, data: d.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=False))
_Dumper.add_representer(list, lambda d, data: d.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=False))

_KEY_LINE = re.compile(r"^(\s*)([^\s#\-][^:#]*?|\"[^\"]*\"|'[^']*'):(?:\s|$)")


def _split_comment(line: str) -> tuple[str, str]:
    """(content, '# comment') of a YAML line; a '#' inside quotes is not a comment."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i:]
    return line.rstrip(), ""


@dataclass
class _Layout:
    """What the original file said about each key path: comments, and whether written inline."""

    trailing: dict
    above: dict
    flow: set
    known: set


def _layout(text: str) -> _Layout:
    trailing, above, flow, known, stack, pending = {}, {}, set(), set(), [], []
    for line in text.splitlines():
        content, comment = _split_comment(line)
        if not content.strip():
            if comment:
                pending.append(comment)
            continue
        m = _KEY_LINE.match(content)
        if not m:
            pending = []
            continue
        indent, key = len(m.group(1)), m.group(2).strip().strip("\"'")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, key))
        path = tuple(k for _, k in stack)
        known.add(path)
        if content[m.end():].lstrip().startswith(("{", "[")):
            flow.add(path)
        if comment:
            trailing[path] = comment
        if pending:
            above[path] = pending
            pending = []
    return _Layout(trailing, above, flow, known)


def dump_yaml(raw: dict, original_text: str = "", header: str = "") -> str:
    """The mapping as YAML in key order, in the original's layout, its comments re-attached by key path."""
    lay = _layout(original_text)
    styled = {k: _styled(v, (str(k),), lay.flow, lay.known) for k, v in raw.items()}
    body = yaml.dump(styled, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    out, stack = [], []
    for line in body.splitlines():
        m = _KEY_LINE.match(line)
        if m:
            indent, key = len(m.group(1)), m.group(2).strip().strip("\"'")
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, key))
            path = tuple(k for _, k in stack)
            out.extend(" " * indent + c for c in lay.above.get(path, []))
            if path in lay.trailing:
                line = line.ljust(max(len(line) + 2, 32)) + lay.trailing[path]
        out.append(line)
    return header + "\n".join(out) + "\n"


# -- the command ---------------------------------------------------------------------------
def read_raw(path: Path) -> tuple[dict, str]:
    """The edition's YAML as a mapping (dates as dates) and its text."""
    if not path.is_file():
        raise ParamsError(f"{path}: parameters file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
        raw = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise ParamsError(f"{path}: not a UTF-8 text file") from None
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: expected a mapping of keys (title:, local_authority:, ...)")
    return raw, text


def _validation_warnings(path: Path) -> list[str]:
    """Problems with the written edition (so the user hears of them now, not at build time)."""
    from .params import load_edition

    try:
        load_edition(path)
    except PanelbookError as exc:
        return str(exc).splitlines()
    return []


def cmd_new_edition(args) -> int:
    """`panelbook new-edition PARAMS (--next | --quarter LABEL) [--out FILE]`."""
    src = Path(args.params)
    raw, text = read_raw(src)
    target = Quarter.parse(args.quarter) if getattr(args, "quarter", None) else None
    if target is None:
        old_q = edition_quarter(raw)
        if old_q is None:
            raise ParamsError(f"{src}: cannot tell which quarter this edition covers; use --quarter")
        target = old_q.next()
    out_path = Path(args.out) if getattr(args, "out", None) else src.parent / f"{target.slug}.yaml"
    if out_path.exists():
        raise PanelbookError(f"{out_path} already exists; not overwriting it (delete it or choose --out)")
    try:
        made = new_edition(raw, target, old_dir=src.parent, new_dir=out_path.parent)
    except ParamsError as exc:
        raise ParamsError(f"{src}: {exc}") from None
    header = f"# {out_path.name} — {made.quarter.label}, made by `panelbook new-edition` from {src.name}\n"
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if first.startswith("#"):
        text = text.lstrip().split("\n", 1)[1] if "\n" in text.lstrip() else ""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(dump_yaml(made.raw, text, header))
    print(f"Wrote {out_path}: {made.old_quarter.label} -> {made.quarter.label}")
    for line in made.changes:
        print(f"  {line}")
    for line in made.notes:
        print(f"  note: {line}")
    print("Carried over unchanged; these are usually refreshed each year (national averages, targets, "
          "denominators) — check them:")
    for key in made.reminders or ["(none in this edition)"]:
        print(f"  - {key}")
    problems = _validation_warnings(out_path)
    if problems:
        print("The new edition does not validate yet:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
    return 0
