"""Earlier papers an edition lists (`published:`): their printed figures, their titles, and what the
book says about them.

Everything the book says about one edition's earlier papers comes from here, that is from the
edition's own files, never from a notebook or module: an edition that lists no paper gets no
sentence about one.

A `published:` entry is a CSV file, a folder of CSV files, or a mapping `{path: ..., title: ...}`
(the title of the paper its figures were printed in). Each CSV holds one printed figure per row:
`table_id,row,column,value,source` and, optionally, `paper` (the paper: an id from the folder's
papers.yaml, or its title) and `remark` (plain text shown beside that figure in the chapter). A
blank `value` with a remark means the paper printed no figure there: the remark is shown beside
the recomputed value and nothing is compared. A folder may also hold `papers.yaml`:

    papers:                      # the papers whose figures this folder's CSV files hold
      - id: fostering            # what a CSV's `paper` column may name
        title: "Fostering report to the panel, June 2018"
        files: [recruitment.csv] # these files' rows belong to it, unless their `paper` says otherwise
    chapters:                    # markdown a chapter shows about these papers, by chapter slug
      recruitment:
        intro: "This chapter reproduces ..."   # after the chapter's opening paragraph
        remarks: "..."                         # in the chapter's 'Against the published figures'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DataError, Problem
from .numbers import and_list
from .schema import Col, FileSpec

METADATA = "papers.yaml"
COLUMNS = ("table_id", "row", "column", "value", "source", "paper", "remark")
PUBLISHED = FileSpec(
    name="published figures",
    description="One figure printed in an earlier paper per row, addressed by export id, row label and column.",
    columns=(Col("table_id", help="the export id of the book's table, e.g. missing-by-age"),
             Col("row", help="the row label (the table's first column)"),
             Col("column", help="the exported column name"),
             Col("value", nullable=True, help="the figure as printed; blank = not printed (a remark says why)"),
             Col("source", required=False, nullable=True, help="where it was printed: page, table, line"),
             Col("paper", required=False, nullable=True, help="the paper: an id from papers.yaml, or its title"),
             Col("remark", required=False, nullable=True, help="a note shown beside this figure in the chapter")),
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PaperInfo(_Strict):
    id: str | None = Field(None, description="what a CSV's `paper` column may name")
    title: str = Field(description="the paper's title, as the chapters name it")
    files: list[str] = Field([], description="the folder's CSV files whose rows it printed")


class ChapterText(_Strict):
    intro: str | None = Field(None, description="markdown after the chapter's opening paragraph")
    remarks: str | None = Field(None, description="markdown in the chapter's 'Against the published figures'")


class FolderInfo(_Strict):
    papers: list[PaperInfo] = []
    chapters: dict[str, ChapterText] = {}


@dataclass
class Earlier:
    """The earlier papers of an edition: every printed figure, and each chapter's texts about them."""

    figures: pd.DataFrame
    intros: dict[str, list[str]] = field(default_factory=dict)  # chapter slug -> markdown paragraphs
    remarks: dict[str, list[str]] = field(default_factory=dict)

    def papers_for(self, table_ids) -> list[str]:
        """The titles of the papers that printed figures of these tables, in the order listed."""
        rows = self.figures[self.figures["table_id"].isin(set(table_ids))]
        return [t for t in dict.fromkeys(rows["paper"].dropna()) if t]


def _entries(published) -> list[tuple[Path, str | None]]:
    out = []
    for entry in published or []:
        path = getattr(entry, "path", entry)
        out.append((Path(path), getattr(entry, "title", None)))
    return out


def files_of(published) -> list[Path]:
    """Every file the edition's earlier papers are read from (for the execution cache's key)."""
    files = []
    for path, _ in _entries(published):
        if path.is_dir():
            files += sorted(path.glob("*.csv")) + ([path / METADATA] if (path / METADATA).is_file() else [])
        else:
            files.append(path)
    return files


def _folder_info(folder: Path, chapters=None) -> FolderInfo:
    path = folder / METADATA
    if not path.is_file():
        return FolderInfo()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        info = FolderInfo.model_validate(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise DataError([Problem(str(path), None, None, None, f"not valid YAML{where}",
                                 "each line is 'key: value'; quote a value that contains ': '")]) from None
    except ValidationError as exc:
        raise DataError([Problem(str(path), None, ".".join(map(str, e["loc"])), None,
                                 "unknown key" if e["type"] == "extra_forbidden" else e["msg"],
                                 "expected papers: [{id, title, files}] and chapters: {slug: {intro, remarks}}")
                         for e in exc.errors()]) from None
    from .chapters import CHAPTERS, slug_of

    chapters = CHAPTERS if chapters is None else chapters
    slugs = [c.slug for c in chapters]
    unknown = [k for k in info.chapters if slug_of(k, chapters) not in slugs]
    if unknown:
        raise DataError([Problem(str(path), None, f"chapters.{k}", k, "not a chapter",
                                 "use one of: " + ", ".join(slugs)) for k in unknown])
    # a chapter's historic name (an earlier edition's 'missing-uasc') keys the chapter it now is
    return info.model_copy(update={"chapters": {slug_of(k, chapters): v for k, v in info.chapters.items()}})


def _read_figures(path: Path) -> pd.DataFrame:
    from .io import read_input

    df = read_input(path.parent, FileSpec(name=path.name, description=PUBLISHED.description, columns=PUBLISHED.columns))
    for col in COLUMNS:
        if col not in df:
            df[col] = None
    return df[list(COLUMNS)].astype(object).map(blank_as_none)


def blank_as_none(v):
    """Blank cells (NaN, NA, empty text) as None, so 'no remark' and 'not printed' are one test."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip()):
        return None
    return v


def load(published, chapters=None) -> Earlier:
    """Read every entry of `published:`; raise DataError listing every problem in every file.
    `chapters`: the edition's (its local chapters' slugs may key a papers.yaml too)."""
    frames, problems = [], []
    intros: dict[str, list[str]] = {}
    remarks: dict[str, list[str]] = {}
    for path, entry_title in _entries(published):
        info = FolderInfo()
        if path.is_dir():
            try:
                info = _folder_info(path, chapters)
            except DataError as exc:
                problems.extend(exc.problems)
            csvs = sorted(path.glob("*.csv"))
        else:
            csvs = [path]
        by_id = {p.id: p.title for p in info.papers if p.id}
        by_file = {f: p.title for p in info.papers for f in p.files}
        for csv in csvs:
            try:
                df = _read_figures(csv)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            default = by_file.get(csv.name) or entry_title
            df["paper"] = [by_id.get(p, p) if p else default for p in df["paper"]]
            frames.append(df)
        for slug, text in info.chapters.items():
            if text.intro:
                intros.setdefault(slug, []).append(text.intro.strip())
            if text.remarks:
                remarks.setdefault(slug, []).append(text.remarks.strip())
    if problems:
        raise DataError(problems)
    figures = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    return Earlier(figures, intros, remarks)


def intro_text(earlier: Earlier | None, slug: str, table_ids) -> str:
    """What the chapter's opening says about the earlier papers: the edition's own words for this
    chapter, else a sentence naming the papers that printed its tables' figures, else nothing."""
    from .escape import myst_text

    if earlier is None:
        return ""
    if earlier.intros.get(slug):
        return "\n\n".join(earlier.intros[slug])
    titles = earlier.papers_for(table_ids)
    if titles:
        return (f"This chapter reproduces figures printed in {and_list([f'*{myst_text(t)}*' for t in titles])} from "
                "record-level data; the end of the chapter sets them beside these data.")
    if not earlier.figures[earlier.figures["table_id"].isin(set(table_ids))].empty:
        return ("This chapter reproduces figures printed in earlier papers from record-level data; the end of the "
                "chapter sets them beside these data.")
    return ""
