"""Assembling the Jupyter Book for an edition: stage the pages and build the HTML.

The book is built in a staging folder (hand-written pages from book/, executed chapters, generated
pages, the top-level _config.yml/_toc.yml adapted to the edition), with `execute_notebooks: off`
and warnings as errors; `release` publishes it only when the whole build succeeded.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from pydantic import BaseModel

from . import resources, warm
from .chapters import CHAPTERS
from .errors import BuildError
from .escape import myst_text



def stage_sources(staging: Path, edition, chapters, register: dict | None = None, figures: Path | None = None,
                  log: dict | None = None, reconciliation=None) -> Path:
    """Copy the hand-written pages and write the edition's _config.yml and _toc.yml; returns the source dir.
    `reconciliation`: the build's checks (reconcile.reconcile), for the Reconciliation page."""
    src = staging / "book"
    shutil.copytree(resources.book_dir(), src, ignore=shutil.ignore_patterns("chapters", "_build", "*.ipynb_checkpoints"))
    (src / "chapters").mkdir(exist_ok=True)
    static = src / "_static"
    static.mkdir(exist_ok=True)
    (static / "vega-bundle.js").write_text(vega_bundle(), encoding="utf-8")
    config = yaml.safe_load(resources.config_file().read_text())
    config["title"] = edition.title  # text: Sphinx escapes it, and so do book/_templates where the theme did not
    config.setdefault("html", {})["extra_footer"] = footer_html(edition)
    if edition.model.logo is not None:
        logo = Path(edition.model.logo)
        shutil.copy2(logo, static / f"edition-logo{logo.suffix.lower()}")
        config["logo"] = f"_static/edition-logo{logo.suffix.lower()}"
    (staging / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (src / "data.md").write_text(data_page(chapters))
    generated = {"data"}
    movements = ""
    if register is not None and figures is not None:
        from . import pages

        for name, text in pages.generated_pages(edition, chapters, register, figures, log, reconciliation).items():
            (src / f"{name}.md").write_text(text)
            generated.add(name)
        movements = key_messages_paragraph(figures, since="since-last-edition" in generated)
    intro = src / "intro.md"
    intro.write_text(edition_words(intro.read_text(), edition)
                     .replace("<!-- EDITION -->", movements + edition_summary(edition, chapters)))
    methods = src / "methods.md"
    methods.write_text(edition_words(methods.read_text(), edition))
    toc = yaml.safe_load(resources.toc_file().read_text())
    keep = {f"chapters/{c.slug}" for c in chapters} | generated | {"methods"}
    for part in toc.get("parts", []):
        if any(c["file"].startswith("chapters/") for c in part["chapters"]):  # the numbered part: in book order
            part["chapters"] = [{"file": f"chapters/{c.slug}"} for c in chapters]
        part["chapters"] = [c for c in part["chapters"] if c["file"] in keep]
    toc["parts"] = [p for p in toc["parts"] if p["chapters"]]
    (staging / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))
    return src


def edition_words(page: str, edition) -> str:
    """A hand-written page in this edition's words: <!-- BOOK_TITLE -->, <!-- PANEL -->, <!-- PRIVACY -->."""
    from .disclosure import privacy_statement

    return (page.replace("<!-- BOOK_TITLE -->", myst_text(edition.book_title))
            .replace("<!-- PANEL -->", myst_text(edition.panel))
            .replace("<!-- PRIVACY -->", myst_text(privacy_statement(edition.min_count))))


def footer_html(edition) -> str:
    """Every page's footer: the edition's own (markdown, raw HTML not allowed), then the rule in force."""
    import html

    from markdown_it import MarkdownIt

    from .disclosure import privacy_statement

    own = MarkdownIt("commonmark", {"html": False}).renderInline(edition.model.footer) if edition.model.footer else ""
    return (own + " " if own else "") + html.escape(privacy_statement(edition.min_count), quote=False)


def vega_bundle() -> str:
    """The vega/vega-lite/vega-embed bundle, cached per vl-convert version (it takes ~2 s to make)."""
    import vl_convert

    cache = resources.cache_dir() / f"vega-bundle-{getattr(vl_convert, '__version__', 'x')}.js"
    if not cache.exists():
        from . import charts  # altair: only to make the bundle

        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(charts.javascript_bundle(), encoding="utf-8")
        os.replace(tmp, cache)
    return cache.read_text(encoding="utf-8")


def key_messages_paragraph(figures: Path, since: bool = False) -> str:
    """The intro's opening: the worst news of the Key messages page (the same list, the same sentences)."""
    from .messages import headline, read_exports

    records = read_exports(figures)
    lead = headline(records)
    text = ("In this edition, worst news first: " + " ".join(myst_text(r["sentence"]) for r in lead) + " "
            if lead else "")
    more = "See [Key messages](key-messages.md) for every chapter's headline measures"
    more += " and [Since the last edition](since-last-edition.md) for every change." if since else "."
    return text + more + "\n\n"


def edition_summary(edition, chapters) -> str:
    m = edition.model
    lines = [f"**Edition:** {myst_text(edition.title)} · **Local authority:** {myst_text(m.local_authority)}"]
    lines.append("")
    lines.append("Chapters in this edition: " + "; ".join(myst_text(c.title_in(edition)) for c in chapters) + ".")
    lines.append("")
    lines.append("See [Figures and tables](figures.md) for every table and chart with its downloads, "
                 "[Reconciliation](reconciliation.md) for the checks made on this build and "
                 "[About this edition](about.md) for how it was produced.")
    return "\n".join(lines)


def _type_name(annotation) -> str:
    import re

    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation)
    text = re.sub(r"\b(?:[a-z_]+\.)+([A-Za-z_]+)", r"\1", text)  # datetime.date -> date, pathlib.Path -> Path
    return text.replace("NoneType", "None").replace(" | None", " or blank").replace("|", "or")


def _cell(text) -> str:
    """A Markdown table cell: a '|' inside it (e.g. in '|-separated') must not end the cell."""
    return str(text).replace("|", "\\|")


def params_table(model, exclude=()) -> list[str]:
    """The keys of a params block, from its pydantic model: type, required or default, meaning."""
    rows = ["| key | type | required | default | meaning |", "|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if name in exclude:
            continue
        default = "" if field.is_required() else field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump(mode="json")
        shown = "" if default in ("", None, {}, []) else f"`{default}`"
        rows.append(f"| `{name}` | {_cell(_type_name(field.annotation))} | {'yes' if field.is_required() else 'no'} | "
                    f"{_cell(shown)} | {_cell(field.description or '')} |")
    return rows + [""]


def inputs_block(spec) -> list[str]:
    """A ready-to-copy `inputs:` entry for one contract file: every column mapped to itself, to edit."""
    lines = ["```yaml", "inputs:", f"  {spec.stem}:",
             f'    file: "{spec.stem}.xlsx"   # or .xlsm, .xls, .ods, .csv; relative to data_dir',
             "    # sheet: 1               # the sheet's name, or its number (default: the first sheet)",
             "    # header_row: 3          # default: detected below any title rows",
             "    columns:                 # contract column: your file's header"]
    lines += [f'      {c.name}: "{c.name}"' for c in spec.columns]
    code = next((c for c in spec.columns if c.codes), None)
    if code is not None:
        lines += ["    values:                  # contract column: {your code: the contract's code}",
                  f'      {code.name}: {{"your code": "{code.codes[0]}"}}']
    return lines + ["```", ""]


def edition_keys() -> list[str]:
    """Every top-level params key, and the keys of the `papers:` and `inputs:` blocks, from their models."""
    from .papers import PapersParams
    from .params import EditionBase, InputFile, edition_model

    sections = [c.section for c in CHAPTERS]
    model = edition_model() if all(s in edition_model().model_fields for s in sections) else EditionBase
    return (["## The edition's parameters", "",
             "Every key of an edition's YAML file; each chapter's own section is described with the chapter below.",
             ""] + params_table(model, exclude=sections)
            + ["### `papers:`", "", "The Word committee papers' header block, Recommendations and end matter.", ""]
            + params_table(PapersParams)
            + ["### `inputs:`", "",
               "One entry per contract file, under its name without `.csv` (e.g. `complaints`). Without an entry, "
               "`<stem>.csv` is read from `data_dir`, else the one `<stem>.xlsx`, `.xlsm`, `.xls` or `.ods` there. "
               "Column names are matched ignoring case, spacing and underscores; Excel dates are dates; problems "
               "name the file, the sheet and the cell. Each file below has a ready-to-copy entry.", ""]
            + params_table(InputFile) + benchmarks_keys() + earlier_papers_keys())


def benchmarks_keys() -> list[str]:
    """The `benchmarks:` block, its measure entries and every measure a chapter can compare."""
    from .comparators import EES_COLUMNS, SYMBOLS
    from .params import BenchmarkMeasure, Benchmarks

    symbols = ", ".join(f"`{s}`" for s in SYMBOLS if s)
    rows = ["| measure key | what | the chapter's own figure |", "|---|---|---|"]
    rows += [f"| `{c.section}.{name}` | {_cell(m.label)} | {_cell(m.definition)} |"
             for c in CHAPTERS for name, m in c.comparable().items()]
    return (["### `benchmarks:`", "",
             "Comparators from DfE's open data: tidy CSV files as downloaded from Explore Education Statistics, "
             f"with the columns {', '.join(f'`{c}`' for c in EES_COLUMNS)}, then filters and indicators. Each "
             "compared measure gets England's figure, its region's (from the authority's `region_code` in the "
             "file), the statistical neighbours' mean and the authority's rank among itself and its neighbours "
             "(`la_code` is the authority's `new_la_code`). EES symbols "
             f"({symbols} and a blank) are \"not available\", never zero.", ""]
            + params_table(Benchmarks) + ["Each entry of `measures:`:", ""] + params_table(BenchmarkMeasure)
            + ["The measures a chapter can compare:", ""] + rows + [""])


def earlier_papers_keys() -> list[str]:
    """`published:`: the printed figures' CSV columns and a folder's papers.yaml, from their declarations."""
    from .earlier import PUBLISHED, ChapterText, PaperInfo

    rows = ["| column | required | notes |", "|---|---|---|"]
    rows += [f"| `{c.name}` | {'yes' if c.required else 'no'} | {_cell(c.help or '')} |" for c in PUBLISHED.columns]
    return (["### `published:`", "",
             "Figures printed in earlier papers, set beside this edition's at the end of each chapter. Each entry is a "
             "CSV file, a folder of CSV files, or `{path: ..., title: ...}` (the title of the paper its figures were "
             "printed in). One printed figure per row:", ""] + rows +
            ["", "A folder may also hold `papers.yaml`: `papers:` (each paper's `id`, `title` and the `files` whose "
             "rows it printed) and `chapters:` (by chapter slug, the `intro` and `remarks` a chapter shows about "
             "these papers, in CommonMark). Nothing is said about a paper the edition does not list.", ""]
            + params_table(PaperInfo) + params_table(ChapterText))


def data_page(chapters) -> str:
    """'Data you need': the edition's keys, then every chapter's files and columns, from the declared FileSpecs."""
    out = ["# Data you need", "",
           "Each chapter reads its files from the edition's `data_dir`: CSV files as Excel saves them "
           "(UTF-8 or Windows-1252 are both fine), or Excel workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) as "
           "they are, title rows and your own column names included (see `inputs:`). Dates as YYYY-MM-DD or "
           "dd/mm/YYYY; flags as Y/N (Yes/No/1/0 also accepted). Column names are matched ignoring case; the "
           "aliases listed are accepted too (e.g. the SSDA903 return's own headers). A chapter is built only "
           "when the edition's parameters have its section. Survey-tool exports (Microsoft Forms, "
           "SurveyMonkey) become the two survey files with `panelbook import-survey EXPORT --mapping MAP.yaml "
           "--out DATA_DIR`.", ""]
    out += edition_keys()
    in_edition = {c.slug for c in chapters}
    for chapter in (*CHAPTERS, *(c for c in chapters if c.local)):
        hooks = chapter.hooks
        mark = "" if chapter.slug in in_edition else " (not in this edition)"
        title, own = chapter.title, ""
        if chapter.local:
            title, own = myst_text(chapter.title), f" (this edition's own chapter, from its folder `{chapter.slug}/`)"
        out += [f"## {title}{mark}", "", f"Parameters section: `{chapter.section}`{own}.", ""]
        out += params_table(chapter.params_model())
        if hooks.sources is not None:  # the files depend on the section's `source`
            for source, (specs, optional) in hooks.sources().items():
                out += [f"### Source `{source}`", ""]
                out += _file_tables(specs, optional, "####")
        else:
            out += _file_tables(hooks.INPUTS, chapter.optional_inputs, "###")
    return "\n".join(out) + "\n"


def _file_tables(specs, optional, heading: str) -> list[str]:
    """Each file's columns (type, required, help, codes, aliases) and a ready-to-copy `inputs:` entry
    (every source's files are read through the edition's `inputs:`)."""
    out = []
    for spec in specs:
        mark = " (optional)" if spec.name in optional else ""
        out += [f"{heading} `{spec.name}`{mark}", "", spec.description or "", "",
                "| column | type | required | notes |", "|---|---|---|---|"]
        for col in spec.columns:
            notes = [col.help] if col.help else []
            if col.codes:
                notes.append("codes: " + ", ".join(f"`{c}`" for c in col.codes))
            if col.aliases:
                notes.append("also accepted: " + ", ".join(f"`{a}`" for a in col.aliases))
            if col.unique:
                notes.append("unique")
            if col.nullable:
                notes.append("may be blank")
            req = "yes" if col.required else "no"
            out.append(f"| `{col.name}` | {col.kind} | {req} | {_cell('; '.join(notes))} |")
        out += ["", "As a workbook, or with your own column names: an entry for the edition's `inputs:` "
                "(edit the file name and the headers on the right; leave out what you do not need).", ""]
        out += inputs_block(spec)
    return out


def _mirror(src: Path, dst: Path) -> set[str]:
    """Make dst a copy of src, rewriting only files whose bytes differ (the others keep their times, so
    Sphinx re-reads only changed pages). Returns the relative paths written or removed."""
    changed = set()
    dst.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in wanted:
        a, b = src / rel, dst / rel
        data = a.read_bytes()
        if not b.is_file() or b.read_bytes() != data:
            b.parent.mkdir(parents=True, exist_ok=True)
            b.write_bytes(data)
            changed.add(str(rel))
    for p in [p for p in dst.rglob("*") if p.is_file()]:
        if p.relative_to(dst) not in wanted:
            p.unlink()
            changed.add(str(p.relative_to(dst)))
    return changed


class HtmlBuild:
    """Jupyter Book (no execution, warnings are errors) running in the background while the build
    writes its other outputs.

    With a persistent folder (`DIR/.book-build`), the sources are mirrored into it and Sphinx rebuilds
    only the pages that changed; a change of configuration, table of contents or static file (which an
    incremental build would not recopy) makes it a full build, and a failed build discards the folder.
    With `zygote` (warm.py's book zygote), Sphinx is forked from a process that has imported it already."""

    def __init__(self, staging: Path, src: Path, persist: Path | None = None, zygote: str | None = None):
        self.staging, self.persist = staging, persist
        full = True
        if persist is not None:
            if (persist / INCOMPLETE).exists():  # a build was killed while Sphinx worked: start afresh
                shutil.rmtree(persist, ignore_errors=True)
            persist.mkdir(parents=True, exist_ok=True)
            (persist / INCOMPLETE).write_text("")
            had_doctrees = (persist / "_jb" / "_build" / ".doctrees").is_dir()
            changed = _mirror_book(staging, persist)
            full = not had_doctrees or any(c.startswith(("_config", "_toc", "book/_static", "book/_templates"))
                                           for c in changed)
            root = persist
        else:
            root = staging
        self.out = root / "_jb"
        args = ["build", str(root / "book"), "--path-output", str(self.out),
                "--config", str(root / "_config.yml"), "--toc", str(root / "_toc.yml"), "-W", "--keep-going", "-q"]
        if full:
            args.append("--all")
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        self.log = staging / "sphinx.log"
        self.proc = warm.fork_book_build(zygote, args, os.getcwd(), env, str(self.log)) if zygote else None
        if self.proc is None:
            self.log = None
            cmd = [sys.executable, "-c", "import sys; from panelbook.warm import die_with_parent; "
                   f"die_with_parent({os.getpid()}); from jupyter_book.cli.main import main; sys.exit(main())", *args]
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)

    def wait(self) -> Path:
        """The built html, copied into the staging folder (ready to publish)."""
        if self.log is None:
            out, _ = self.proc.communicate()
        else:
            self.proc.wait()
            out = self.log.read_text(errors="replace") if self.log.is_file() else ""
        if self.proc.returncode != 0:
            if self.persist is not None:
                shutil.rmtree(self.persist, ignore_errors=True)
            lines = out.strip().splitlines()
            causes = [line for line in lines if any(k in line for k in ("WARNING", "ERROR", "rror:"))]
            tail = "\n".join((causes or lines)[:25])
            raise BuildError(f"the book build failed (Jupyter Book, warnings are errors):\n{tail}")
        html = self.out / "_build" / "html"
        if self.persist is None:
            return html
        target = self.staging / "html"
        shutil.copytree(html, target)
        (self.persist / INCOMPLETE).unlink(missing_ok=True)
        return target


INCOMPLETE = ".incomplete"  # in the persistent Sphinx folder while a build is using it


def _mirror_book(staging: Path, persist: Path) -> set[str]:
    changed = {f"book/{c}" for c in _mirror(staging / "book", persist / "book")}
    for name in ("_config.yml", "_toc.yml"):
        data = (staging / name).read_bytes()
        target = persist / name
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            changed.add(name)
    return changed


def build_html(staging: Path, src: Path, persist: Path | None = None) -> Path:
    """Run Jupyter Book and wait for it; returns the html folder."""
    return HtmlBuild(staging, src, persist).wait()
