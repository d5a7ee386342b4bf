"""The chapters a book can have: each is a folder with one name, declared by its `chapter.yaml`.

One mechanism finds them all (`registry`): the built-in chapters are this package's folders (in
`BOOK_ORDER`), an edition's own are the folders its `local_chapters:` lists. A folder holds:

- `chapter.yaml` — the declaration: title, input files (names, or for a local chapter their columns,
  as data) and where its analysis and page are;
- its analysis (`analysis.py`): the params model, the input schemas and the table, chart and alt-text
  functions; every name it may declare, with its default, is `Hooks`;
- `labels.yaml` — what a reader sees in place of its codes (over the shared `labels.yaml` here);
- its page (`page.ipynb`: narrative and calls only);
- `exports.yaml` — the catalogue of its exports (id, title, headers, shape, the table a chart is drawn
  from, identities between its tables): data, not code;
- its sample generator (`sample.py`, built-in chapters) or sample data, and tests of its own.

The folder's name is the chapter's slug: its page, its params section, its paper, its glue prefix.
Export ids stay as they were (the join key across editions). A chapter is built only when its
section is present in the edition's parameters. A built-in chapter's folder is a subpackage
(`panelbook.chapters.<slug>`), its analysis `panelbook.chapters.<slug>.analysis`.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import ModuleType
from typing import Callable, Literal, Mapping

from pydantic import BaseModel, Field

from ..errors import ParamsError
from ..params import StrictModel, read_yaml, validated

HERE = Path(__file__).resolve().parent
BOOK_ORDER = ("missing", "surveys", "complaints", "recruitment", "audits", "actions")
SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SLUG_RULE = "lower-case letters, digits and single hyphens, starting with a letter (e.g. placement-stability)"
DECLARATION = "chapter.yaml"
CATALOGUE = "exports.yaml"
LABELS = "labels.yaml"  # a chapter's labels; the shared ones are this package's own labels.yaml


class NoParams(StrictModel):
    """The params section of a chapter that declares none: an empty mapping (`name: {}`) builds it."""


def _no_problems(edition) -> list:
    return []


def _no_checks(tables) -> list:
    return []


def _no_files(edition) -> list:
    return []


@dataclass(frozen=True)
class Hooks:
    """Every name a chapter's analysis module may declare, each with its default when it does not:
    the one place the package learns a chapter's optional parts (nothing else probes a module)."""

    Params: type[BaseModel] = NoParams  # the params section's model
    INPUTS: tuple = ()  # FileSpecs of its input files (a local chapter declares them in chapter.yaml)
    load: Callable | None = None  # load(data_dir) -> frames, raising DataError; default: read INPUTS
    IDENTITIES: tuple = ()  # groups of (export id, row, column) cells that must be equal
    check_tables: Callable = _no_checks  # check_tables(tables) -> [{identity, holds, detail}]
    validate_edition: Callable = _no_problems  # validate_edition(edition) -> problems beyond its files
    input_files: Callable | None = None  # input_files(section) -> (required, optional) when params choose
    sources: Callable | None = None  # sources() -> {source: (specs, optional)}: every layout it can read
    chapter_title: Callable | None = None  # chapter_title(section) -> the title as this edition words it
    extra_inputs: Callable = _no_files  # extra_inputs(edition) -> files read beyond data_dir's (cache key)
    COMPARABLE: Mapping = field(default_factory=dict)  # name -> comparators.Measure (benchmarks:)

    @classmethod
    def of(cls, module: ModuleType, inputs: tuple = (), identities: tuple = ()) -> "Hooks":
        """The hooks `module` declares (and the declaration's own inputs and identities), defaults elsewhere."""
        names = vars(module)
        given = {f.name: names[f.name] for f in fields(cls) if f.name in names}
        if inputs:
            given["INPUTS"] = (*given.get("INPUTS", ()), *inputs)
        if identities:
            given["IDENTITIES"] = (*given.get("IDENTITIES", ()), *identities)
        return cls(**given)


# -- the declaration and the catalogue, as data ------------------------------------------------------
class ColumnDecl(StrictModel):
    """One column of a declared input file (schema.Col)."""

    name: str
    kind: Literal["str", "date", "flag", "int", "float", "code"] = "str"
    required: bool = True
    nullable: bool = False
    unique: bool = False
    codes: list[str] = []
    min: float | None = None
    max: float | None = None
    aliases: list[str] = []
    label: bool = Field(False, description="its values name rows of the published tables ('Total' is refused)")
    help: str = ""


class FileDecl(StrictModel):
    """A declared input file: its columns and what one row is."""

    description: str = ""
    columns: list[ColumnDecl] = Field(min_length=1)


class Declaration(StrictModel):
    """chapter.yaml."""

    title: str = Field(description="the chapter's heading, its paper's subject")
    aliases: list[str] = Field([], description="names the chapter had in earlier editions' files (papers.yaml "
                                               "chapter keys, key messages): read as its slug")
    analysis: str = Field("analysis.py", description="the analysis module: a file in the folder")
    page: str = Field("page.ipynb", description="the chapter's notebook, in the folder")
    inputs: list[str] | dict[str, FileDecl] = Field(
        {}, description="the files it reads from data_dir: {file: {description, columns}} (or names only, "
                        "when the analysis module declares their INPUTS)")
    optional_inputs: list[str] = Field([], description="those of its inputs an edition's data may lack")


class MarginDecl(StrictModel):
    """A sum of the table's cells that another figure of the chapter publishes (disclosure.Margin)."""

    column: str
    by: str | None = None
    rows: list[str] = []
    shown: bool = True


class ShapeDecl(StrictModel):
    """How a table's counts add up (disclosure.TableShape): what suppression protects."""

    counts: list[str] = []
    row_sums: dict[str, list[str]] = {}
    total_row: bool = True
    derived: dict[str, list[str]] = {}
    distinct_totals: list[str] = []
    margins: list[MarginDecl] = []
    complements: dict[str, str] = {}

    def table_shape(self):
        from ..disclosure import Margin, TableShape

        return TableShape(counts=tuple(self.counts), row_sums={k: tuple(v) for k, v in self.row_sums.items()},
                          total_row=self.total_row, derived={k: tuple(v) for k, v in self.derived.items()},
                          distinct_totals=tuple(self.distinct_totals),
                          margins=tuple(Margin(m.column, m.by, tuple(m.rows), m.shown) for m in self.margins),
                          complements=dict(self.complements))


class ExportDecl(StrictModel):
    """One export of the catalogue: a table, or a chart drawn from a table of the same catalogue."""

    id: str
    kind: Literal["table", "chart"] = "table"
    title: str | None = Field(None, description="left out when the page words it from the edition's params")
    headers: dict[str, str] = {}
    shape: ShapeDecl | None = Field(None, description="left out when the page works it out from the data")
    table: str | None = Field(None, description="charts: the export id of the published table it is drawn from")
    note: str | None = None


class Catalogue(StrictModel):
    """exports.yaml: every export of the chapter, and the identities between its tables."""

    exports: list[ExportDecl] = []
    identities: list[list[tuple[str, str, str]]] = Field(
        [], description="groups of [export id, row, column] cells that must be equal")

    def problems(self) -> list[str]:
        """Mistakes within the catalogue: ids that are no slug or given twice, a chart's table or an
        identity's export id that is no table of the catalogue."""
        out, seen = [], set()
        tables = {e.id for e in self.exports if e.kind == "table"}
        for e in self.exports:
            if not SLUG.match(e.id):
                out.append(f"export id '{e.id}' is not a slug ({SLUG_RULE})")
            if e.id in seen:
                out.append(f"export id '{e.id}' is given twice")
            seen.add(e.id)
            if e.kind == "chart" and e.table not in tables:
                out.append(f"chart '{e.id}': table {e.table!r} is not a table of this catalogue "
                           "(a chart is drawn from a table the chapter publishes)")
        for group in self.identities:
            out += [f"identity {group}: '{tid}' is not a table of this catalogue" for tid, _, _ in group
                    if tid not in tables]
        return out


# -- one chapter -----------------------------------------------------------------------------------
_MODULES: dict[tuple[str, str], ModuleType] = {}


@dataclass(frozen=True)
class Chapter:
    slug: str  # the folder's name: page name, params section, paper name, stable across editions
    title: str
    analysis_module: str  # a module name (built-in) or the analysis file's path (local)
    inputs: tuple[str, ...]  # required files in data_dir
    optional_inputs: tuple[str, ...] = ()
    folder: Path | None = None
    page: Path | None = None
    aliases: tuple[str, ...] = ()  # its names in earlier editions' files
    local: bool = False  # an edition's own chapter (local_chapters:), not one of the package's
    specs: tuple = ()  # FileSpecs declared in chapter.yaml
    catalogue: Catalogue = Catalogue()
    code: str = ""  # hash of the folder's declaration and code: part of the cache key, and of the module's name

    @property
    def section(self) -> str:
        """Its key in the edition's params: the slug."""
        return self.slug

    @property
    def notebook(self) -> Path:
        """The page's notebook, in the chapter's folder."""
        return self.page

    @property
    def labels_file(self) -> Path:
        return self.folder / LABELS

    @property
    def workdir(self) -> Path:
        """Where its notebook runs (its default parameters' paths are relative to it)."""
        return self.notebook.parent

    def analysis(self) -> ModuleType:
        """The chapter's analysis module (a local one imported from its file, once per version of its code)."""
        if not self.local:
            return importlib.import_module(self.analysis_module)
        key = (self.analysis_module, self.code)
        if key not in _MODULES:
            name = f"panelbook_chapter_{self.slug.replace('-', '_')}_{self.code[:12]}"
            spec = importlib.util.spec_from_file_location(name, self.analysis_module)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # nothing written into the folder
            try:
                spec.loader.exec_module(module)
            except BaseException:
                sys.modules.pop(name, None)
                raise
            finally:
                sys.dont_write_bytecode = writes
            _MODULES[key] = module
        return _MODULES[key]

    @property
    def hooks(self) -> Hooks:
        return Hooks.of(self.analysis(), self.specs, tuple(tuple(tuple(c) for c in g)
                                                          for g in self.catalogue.identities))

    def params_model(self) -> type[BaseModel]:
        return self.hooks.Params

    def export(self, export_id: str) -> ExportDecl | None:
        """The catalogue's entry for an export id (None when the catalogue does not list it)."""
        return next((e for e in self.catalogue.exports if e.id == export_id), None)

    def files(self, edition) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(required, optional) input files for this edition: the declared ones, unless the chapter's
        files depend on its parameters (`input_files(section)`, the missing chapter's `source`)."""
        hook = self.hooks.input_files
        section = edition.section(self.section) if edition is not None else None
        if hook is None or section is None:
            return self.inputs, self.optional_inputs
        return hook(section)

    def read_inputs(self, data_dir) -> dict:
        """The declared input files read and checked ({file name: frame, None for an optional file that
        is absent}); DataError with every problem of every file."""
        from ..io import read_inputs

        return read_inputs(data_dir, self.hooks.INPUTS, optional=self.optional_inputs)

    def load(self, data_dir):
        """What the chapter reads: its module's `load`, else its declared files."""
        load = self.hooks.load
        return load(data_dir) if load is not None else self.read_inputs(data_dir)

    def comparable(self) -> dict:
        """The measures this chapter can set beside England, the region and neighbours."""
        return dict(self.hooks.COMPARABLE)

    def title_in(self, edition) -> str:
        """The title in this edition: a chapter may word it from its parameters (`chapter_title`)."""
        titled = self.hooks.chapter_title
        section = edition.section(self.section) if edition is not None else None
        return titled(section) if titled and section is not None else self.title


# -- finding chapters ------------------------------------------------------------------------------
def _code_hash(folder: Path, page: Path) -> str:
    """The folder's declaration, catalogue, labels, page and Python code (not its data, tests or example edition)."""
    h = hashlib.sha256()
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
             and not p.name.startswith("test_") and "tests" not in p.relative_to(folder).parts
             and (p.suffix == ".py" or p.name in (DECLARATION, CATALOGUE, LABELS) or p == page)]
    for p in files:
        h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _specs(inputs: dict[str, FileDecl]) -> tuple:
    from ..schema import Col, FileSpec

    return tuple(FileSpec(name=name, description=f.description,
                          columns=tuple(Col(**{**c.model_dump(), "codes": tuple(c.codes), "aliases": tuple(c.aliases)})
                                        for c in f.columns))
                 for name, f in inputs.items())


def load_chapter(folder: str | Path, local: bool = True, label: str | None = None) -> Chapter:
    """The chapter a folder declares; ParamsError naming the folder and what is wrong with it."""
    folder = Path(folder).resolve()
    label = label or str(folder)
    if not folder.is_dir():
        raise ParamsError(f"{label}: chapter folder not found: {folder}")
    slug = folder.name
    if not SLUG.match(slug):
        raise ParamsError(f"{label}: the folder's name '{slug}' is the chapter's slug and must be {SLUG_RULE}")
    declaration_file = folder / DECLARATION
    if not declaration_file.is_file():
        raise ParamsError(f"{label}: the folder holds no {DECLARATION} (a chapter folder declares its title and "
                          "inputs there; `panelbook new-chapter NAME --dir DIR` writes a working one)")
    decl = validated(Declaration, read_yaml(declaration_file, ("title", "inputs")), str(declaration_file))
    catalogue_file = folder / CATALOGUE
    catalogue = Catalogue()
    if catalogue_file.is_file():
        catalogue = validated(Catalogue, read_yaml(catalogue_file, ("exports", "identities")), str(catalogue_file))
        wrong = catalogue.problems()
        if wrong:
            raise ParamsError("\n".join(f"{catalogue_file}: {line}" for line in wrong))
    inputs = list(decl.inputs)
    unknown = [n for n in decl.optional_inputs if n not in inputs]
    if unknown:
        raise ParamsError(f"{declaration_file}: key 'optional_inputs': {', '.join(unknown)} not among its inputs")
    page = folder / decl.page
    if not page.is_file():
        raise ParamsError(f"{label}: the chapter's page {page} is missing (key 'page' of {declaration_file})")
    analysis_file = folder / decl.analysis
    if not analysis_file.is_file():
        raise ParamsError(f"{label}: the chapter's analysis {analysis_file} is missing "
                          f"(key 'analysis' of {declaration_file})")
    # a built-in chapter's analysis is a module of this package; a local one's is imported from its file
    analysis = str(analysis_file) if local else f"{__name__}.{slug}.{analysis_file.stem}"
    chapter = Chapter(slug=slug, title=decl.title, analysis_module=analysis,
                      inputs=tuple(n for n in inputs if n not in decl.optional_inputs),
                      optional_inputs=tuple(decl.optional_inputs), folder=folder, page=page,
                      aliases=tuple(decl.aliases), local=local, specs=_specs(decl.inputs) if isinstance(decl.inputs, dict) else (),
                      catalogue=catalogue, code=_code_hash(folder, page) if local else "")
    if local:
        _check_code(chapter, label)
    return chapter


def _check_code(chapter: Chapter, label: str) -> None:
    """A local chapter's module imports and declares a pydantic Params model (or none)."""
    try:
        params = chapter.hooks.Params
    except Exception as exc:  # noqa: BLE001 - the analyst's code: say what failed, never a traceback
        where = ""
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == chapter.analysis_module:
                where = f" (line {tb.tb_lineno})"
            tb = tb.tb_next
        if isinstance(exc, SyntaxError) and exc.lineno:
            where = f" (line {exc.lineno})"
        raise ParamsError(f"{label}: {chapter.analysis_module} cannot be imported{where}: "
                          f"{type(exc).__name__}: {exc}") from None
    if not (isinstance(params, type) and issubclass(params, BaseModel)):
        raise ParamsError(f"{label}: {chapter.analysis_module}: Params must be a pydantic model "
                          "(a class deriving from panelbook.params.StrictModel)")


_BUILT_IN: tuple[Chapter, ...] | None = None


def registry(local: tuple = ()) -> tuple[Chapter, ...]:
    """Every chapter an edition can have, in book order: the package's own folders, then the edition's
    (`local`: their folders, or (folder, label) pairs naming where they were listed)."""
    global _BUILT_IN
    if _BUILT_IN is None:
        _BUILT_IN = tuple(load_chapter(HERE / slug, local=False) for slug in BOOK_ORDER)
    own = [load_chapter(entry[0], True, entry[1]) if isinstance(entry, tuple) else load_chapter(entry)
           for entry in local]
    taken = {name for c in _BUILT_IN for name in (c.slug, *c.aliases)}
    out = list(_BUILT_IN)
    for entry, chapter in zip(local, own):
        label = entry[1] if isinstance(entry, tuple) else str(chapter.folder)
        if chapter.slug in taken:
            raise ParamsError(f"{label}: a chapter named '{chapter.slug}' is already in the book "
                              "(a built-in chapter or another local one); rename the folder")
        taken.add(chapter.slug)
        out.append(chapter)
    return tuple(out)


CHAPTERS: tuple[Chapter, ...] = registry()  # the built-in chapters


def chapter_by_slug(slug: str, edition=None) -> Chapter:
    """The chapter of that slug (or of a historic name, e.g. 'missing-uasc' for 'missing')."""
    for chapter in (edition.chapters if edition is not None else CHAPTERS):
        if slug == chapter.slug or slug in chapter.aliases:
            return chapter
    raise KeyError(slug)


def slug_of(name: str, chapters=None) -> str:
    """A chapter's slug for a name earlier editions' files may use (its slug or a historic alias);
    any other name as it is."""
    for chapter in (CHAPTERS if chapters is None else chapters):
        if name in chapter.aliases:
            return chapter.slug
    return name


def chapters_in(edition) -> list[Chapter]:
    """The chapters whose section the edition sets, in book order."""
    return [c for c in edition.chapters if edition.section(c.section) is not None]
