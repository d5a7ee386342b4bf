"""An edition's parameters: read the YAML ourselves, validate it strictly, name the bad key.

papermill would read YAML dates as strings and `yes` as True; we parse and validate here
with pydantic so that every chapter receives typed, checked values.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ParamsError


class StrictModel(BaseModel):
    """A params block: unknown keys are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PeriodParams(StrictModel):
    """A chapter section with a reporting period; end must not precede start."""

    period_start: dt.date
    period_end: dt.date

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.period_end < self.period_start:
            raise ValueError(
                f"period_end ({self.period_end}) is before period_start ({self.period_start})"
            )
        return self


DEFAULT_MIN_COUNT = 5  # an edition that says nothing about disclosure is protected, never exposed


class Disclosure(StrictModel):
    min_count: int = Field(DEFAULT_MIN_COUNT, ge=0,
                           description="cells with 0 < n < min_count are shown as 'c'; 0 turns suppression off")


class PublishedEntry(StrictModel):
    """One `published:` entry written as a mapping: the figures' file (or folder) and the paper's title."""

    path: Path = Field(description="a CSV of printed figures, or a folder of them (with an optional papers.yaml)")
    title: str | None = Field(None, description="the paper the figures were printed in, e.g. 'Quarterly report, June 2018'")


class InputFile(StrictModel):
    """Where one contract file really is, and how its own column names and codes map to the contract's."""

    file: str | None = Field(None, description="relative to data_dir: .xlsx, .xlsm, .xls, .ods or .csv "
                                                "(default: <stem>.csv, else <stem>.xlsx/.xlsm/.xls/.ods)")
    sheet: str | int | None = Field(None, description="a sheet's name, or its number (1 = first); default: the first sheet")
    header_row: int | None = Field(None, ge=1, description="the header's row number; default: detected "
                                                           "(title rows above the header are skipped)")
    columns: dict[str, str] = Field(default_factory=dict, description="contract column -> the file's header "
                                                                      "(case and spacing forgiven)")
    values: dict[str, dict[str, str]] = Field(default_factory=dict, description="contract column -> "
                                              "{the file's code: the contract's code}")


class BenchmarkMeasure(StrictModel):
    """Where one comparable measure is in the EES files: its indicator column and the filter values of its rows."""

    indicator: str = Field(description="the indicator column holding the figure (e.g. pc_missing)")
    filters: dict[str, str | int | float] = Field(
        {}, description="filter column -> the value of the rows to read (e.g. {characteristic: Total})")
    file: str | None = Field(None, description="which of benchmarks.files holds it (default: the one file with "
                                               "the indicator and filter columns)")


class Benchmarks(StrictModel):
    """Comparators from DfE's open data (EES tidy CSVs): England, the region and statistical neighbours."""

    files: list[str] = Field(min_length=1, description="EES tidy CSV files as downloaded, relative to data_dir")
    neighbours: list[str] = Field([], description="the statistical neighbours, by new_la_code")
    time_period: str | int | None = Field(
        None, description="'latest', or a time_period as the files write it (e.g. 202324); default: the latest "
                          "ending on or before the chapter's period end")
    measures: dict[str, BenchmarkMeasure] = Field(
        min_length=1, description="'section.measure' (e.g. missing.children_missing_pct) -> {indicator, filters}: the "
                                  "measures a chapter can compare are listed below")

    @model_validator(mode="after")
    def _neighbours_once(self):
        twice = sorted({c for c in self.neighbours if self.neighbours.count(c) > 1})
        if twice:
            raise ValueError(f"neighbours lists {', '.join(twice)} more than once")
        return self


def _chapter_models(chapters) -> dict[str, type[BaseModel]]:
    return {c.section: c.params_model() for c in chapters}


DEFAULT_PANEL = "Corporate Parenting Panel"


class EditionBase(StrictModel):
    title: str = Field(description="the edition's title, shown in the sidebar and every source line")
    local_authority: str = Field(description="the authority whose data these are")
    data_dir: Path = Field(description="the folder of input files (relative to the parameters file)")
    publisher: str | None = Field(None, description="who publishes the book, for citations (default: local_authority)")
    contact: str | None = Field(None, description="who answers questions about the figures, on the spreadsheets' "
                                                  "cover (default: a sentence naming the publisher)")
    edition_name: str | None = Field(None, description="the edition in citations, e.g. 'June 2018' (default: title)")
    panel: str = Field(DEFAULT_PANEL, description="the body the book reports to: book title, intro, citations, papers")
    book_title: str | None = Field(None, description="the book's heading and citation title (default: '<panel> report book')")
    logo: Path | None = Field(None, description="an image file (PNG, JPEG or GIF) for the sidebar and the Word papers")
    footer: str | None = Field(None, description="markdown shown at the foot of every page, before the privacy statement")
    disclosure: Disclosure = Field(Disclosure(), description="small-number suppression (default min_count 5)")
    la_code: str | None = Field(None, description="the ONS code, for the tidy open-data exports")
    previous_edition: Path | None = Field(None, description="an earlier build's figures/ folder, for 'Since the last edition'")
    published: list[Path | PublishedEntry] = Field(
        [], description="figures printed in earlier papers: CSV files or folders, or {path, title} mappings")
    papers: dict[str, Any] | None = Field(None, description="the Word drafts' header and footer (keys below)")
    inputs: dict[str, InputFile] = Field({}, description="per contract file stem (complaints, children, ...): where "
                                                         "the file is and how its columns and codes map (keys below)")
    benchmarks: Benchmarks | None = Field(None, description="comparators from DfE's open data: England, the region "
                                                            "and statistical neighbours (keys below)")
    local_chapters: list[Path] = Field([], description="chapter folders of the edition's own (relative to the "
                                                       "parameters file), after the built-in chapters; each adds "
                                                       "its params section, named as its folder")


LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif")  # what both the HTML theme and Word can show

_EDITION_MODELS: dict[tuple, type[BaseModel]] = {}


def edition_model(chapters=None) -> type[BaseModel]:
    """The Edition model: the common keys plus one optional section per chapter (by default the
    built-in ones; an edition's local chapters add theirs)."""
    from pydantic import create_model

    from .chapters import CHAPTERS

    models = _chapter_models(CHAPTERS if chapters is None else chapters)
    key = tuple(models.items())
    if key not in _EDITION_MODELS:
        fields = {name: (model | None, None) for name, model in models.items()}
        _EDITION_MODELS[key] = create_model("Edition", __base__=EditionBase, **fields)
    return _EDITION_MODELS[key]


class Edition:
    """A validated edition: the typed model, where it came from and the chapters it can have."""

    def __init__(self, path: Path, model: BaseModel, raw: dict, chapters: tuple | None = None):
        from .chapters import CHAPTERS

        self.path = path
        self.model = model
        self.raw = raw
        self.chapters = CHAPTERS if chapters is None else chapters

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def data_dir(self) -> Path:
        return self.model.data_dir

    @property
    def data_source(self):
        """data_dir with the edition's `inputs:`: where each contract file is read from."""
        from .inputs import DataSource

        return DataSource(self.model.data_dir, self.model.inputs)

    @property
    def publisher(self) -> str:
        return self.model.publisher or self.model.local_authority

    @property
    def edition_name(self) -> str:
        return self.model.edition_name or self.model.title

    @property
    def panel(self) -> str:
        return self.model.panel

    @property
    def book_title(self) -> str:
        return self.model.book_title or f"{self.model.panel} report book"

    @property
    def min_count(self) -> int:
        return self.model.disclosure.min_count

    def cite(self, number: str) -> str:
        """How to cite a figure: publisher, book, edition, number."""
        return f"{self.publisher}, {self.book_title}, {self.edition_name} edition, {number}"

    def section(self, name: str):
        return getattr(self.model, name, None)

    def as_json(self) -> dict:
        """The parameters as plain JSON values (dates as ISO strings), for registers and notebooks."""
        return self.model.model_dump(mode="json", exclude_none=True)


class _Loader(yaml.SafeLoader):
    """YAML without implicit dates (pydantic parses them, so a bad date names its key), and a key
    given twice is an error rather than the last one silently winning."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, str) and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key '{key}' appears twice (the first would be silently ignored)",
                        key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (Notepad's 'ANSI')."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _yaml_message(exc: yaml.YAMLError) -> str:
    """'not valid YAML (line L, column C): what' -- at the line the user must fix."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    hint = ""
    if getattr(exc, "context", None) == "while scanning a simple key":
        # a line without 'key: value'; the scanner only notices on the next line
        mark = getattr(exc, "context_mark", None) or mark
        hint = " (each line is 'key: value', with a space after the colon)"
    elif getattr(exc, "context", None) == "while scanning a quoted scalar":
        mark = getattr(exc, "context_mark", None) or mark
        problem, hint = "a quote opened here is never closed", ""
    elif problem == "mapping values are not allowed here":
        hint = " (check this line's indentation, or quote a value that contains ': ')"
    elif "found character '\\t'" in problem:
        hint = " (indent with spaces, not tabs)"
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    return f"not valid YAML{where}: {problem}{hint}"


_DATE_ERRORS = ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact",
                "datetime_parsing", "datetime_from_date_parsing")


def _date_message(value) -> str:
    """A bad date in the parameters: say which way to write it, or that the day does not exist."""
    import re

    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
        return "no such date (check the day and the month)"
    return "not a date: write it as YYYY-MM-DD, e.g. 2014-03-31"


def _nearest_key(model, loc: tuple) -> str | None:
    """The known key closest to the unknown `loc[-1]`, among the keys allowed where it was written."""
    import difflib
    import typing

    for part in loc[:-1]:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        candidates = [field.annotation, *typing.get_args(field.annotation)]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if model is None:
            return None
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.75)
    return close[0] if close else None


def _format_loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-after"))


def read_yaml(path: str | Path, expected: tuple[str, ...]) -> dict:
    """A YAML mapping read as the analyst wrote it (Notepad's encodings; no implicit dates; a key given
    twice is an error); ParamsError naming the file and line otherwise. `expected` lists its keys."""
    path = Path(path)
    label = str(path)
    if not path.is_file():
        raise ParamsError(f"{label}: parameters file not found")
    with open(path, "rb") as fh:  # read-only
        data = fh.read()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParamsError(f"{label}: not a text file (binary content); write the parameters as YAML text")
    text = _decode(data)
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ParamsError(f"{label}: {_yaml_message(exc)}") from None
    if raw is None:
        raise ParamsError(f"{label}: the file is empty; expected keys {', '.join(expected)}")
    if not isinstance(raw, dict):
        raise ParamsError(f"{label}: expected a mapping of keys ({expected[0]}:, {expected[1]}:, ...)")
    controls = list(_control_characters(raw))
    if controls:
        raise ParamsError("\n".join(f"{label}: key '{key}': contains a control character ({names}), which cannot be "
                                     "published; retype the value" for key, names in controls))
    return raw


def validated(model_cls: type[BaseModel], raw: dict, label: str) -> BaseModel:
    """`raw` as `model_cls`, or ParamsError with one line per bad key: '<label>: key 'a.b': what'."""
    try:
        return model_cls.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = _format_loc(err["loc"]) or "(top level)"
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key (check the spelling; see the 'Data you need' page)"
                near = _nearest_key(model_cls, err["loc"])
                if near:
                    msg = f"unknown key: did you mean '{near}'?"
            elif err["type"] == "missing":
                msg = "required key is missing"
            elif msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            elif err["type"] in _DATE_ERRORS:
                msg = _date_message(err.get("input"))
            got = err.get("input")
            shown = "" if err["type"] in ("missing", "extra_forbidden") or isinstance(got, dict) else f" (got {got!r})"
            if shown and shown.strip() in msg:  # the validator already quoted the value
                shown = ""
            lines.append(f"{label}: key '{key}': {msg}{shown}")
        raise ParamsError("\n".join(lines)) from None


def load_edition(path: str | Path) -> Edition:
    """Read and validate an edition's YAML; relative paths resolve against its folder."""
    path = Path(path)
    label = str(path)
    raw = read_yaml(path, ("title", "local_authority", "data_dir"))
    base = path.resolve().parent  # the real file's folder: a symlinked params file reads its target's data
    chapters = edition_chapters(raw.get("local_chapters"), base, label)
    model = validated(edition_model(chapters), raw, label)
    updates = {"data_dir": (base / model.data_dir).resolve(),
               "local_chapters": [c.folder for c in chapters if c.local]}
    if model.previous_edition is not None:
        updates["previous_edition"] = (base / model.previous_edition).resolve()
    if model.published:
        updates["published"] = [
            e.model_copy(update={"path": (base / e.path).resolve()}) if isinstance(e, PublishedEntry)
            else (base / e).resolve() for e in model.published]
    if model.logo is not None:
        updates["logo"] = (base / model.logo).resolve()
    model = model.model_copy(update=updates)
    if not model.data_dir.is_dir():
        raise ParamsError(f"{label}: key 'data_dir': folder not found: {model.data_dir}")
    from .inputs import inputs_problems

    bad_inputs = inputs_problems(model.inputs, chapters)
    if bad_inputs:
        raise ParamsError("\n".join(f"{label}: {line}" for line in bad_inputs))
    if model.benchmarks is not None:
        from .comparators import params_problems

        bad = params_problems(model, chapters)
        if bad:
            raise ParamsError("\n".join(f"{label}: {line}" for line in bad))
    if model.logo is not None and not model.logo.is_file():
        raise ParamsError(f"{label}: key 'logo': image file not found: {model.logo}")
    if model.logo is not None and model.logo.suffix.lower() not in LOGO_TYPES:
        raise ParamsError(f"{label}: key 'logo': {model.logo.name} is not a PNG, JPEG or GIF image")
    sections = [c.section for c in chapters if getattr(model, c.section) is not None]
    if not sections:
        raise ParamsError(
            f"{label}: no chapter section present; add at least one of: "
            + ", ".join(c.section for c in chapters)
        )
    return Edition(path.resolve(), model, raw, chapters)


def edition_chapters(local, base: Path, label: str) -> tuple:
    """The built-in chapters and the edition's `local_chapters:` (folders relative to `base`, the real
    parameters file's folder); ParamsError naming the entry and what is wrong with its folder."""
    from .chapters import registry

    if local is None:
        return registry()
    if not isinstance(local, list) or not all(isinstance(p, str) and p.strip() for p in local):
        raise ParamsError(f"{label}: key 'local_chapters': expected a list of chapter folders, "
                          "e.g. [../chapters/placement-stability]")
    entries = [((base / p).resolve(), f"{label}: key 'local_chapters.{i}' ({p})") for i, p in enumerate(local)]
    for folder, where in entries:
        if folder.name in EditionBase.model_fields:
            raise ParamsError(f"{where}: a chapter cannot be named '{folder.name}', a key of every edition; "
                              "rename the folder")
    return registry(tuple(entries))


def _control_characters(value, key: str = ""):
    """(key, 'U+000B, ...') for every string in the parameters holding a control character."""
    from .escape import control_characters

    if isinstance(value, dict):
        for k, v in value.items():
            yield from _control_characters(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _control_characters(v, f"{key}.{i}")
    elif control_characters(value):
        yield key, ", ".join(control_characters(value))
