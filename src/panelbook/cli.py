"""The `panelbook` command: build and validate editions.

Exit codes: 0 success; 2 the user's input is wrong (parameters or data: every problem is listed);
1 a chapter or the book failed to build, or an internal error.
"""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .errors import REPORT_COLUMNS, BuildError, DataError, PanelbookError, ParamsError


def _print_problems(exc: DataError, out_dir: Path | None) -> None:
    import pandas as pd

    print(f"The data has {len(exc.problems)} problem(s):", file=sys.stderr)
    print(str(exc), file=sys.stderr)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        report = out_dir / "validation-report.csv"
        table = pd.DataFrame([p.as_dict() for p in exc.problems],
                             columns=list(REPORT_COLUMNS))
        from .exports import write_csv

        write_csv(table, report)  # a value starting = + - @ would run as a formula in Excel
        print(f"Written to {report}", file=sys.stderr)


def cmd_build(args) -> int:
    from .build import BatchError, Options, build, build_many
    from .progress import Progress

    opts = Options(jobs=args.jobs, force=args.force, explain=args.explain, dask_scheduler=args.dask_scheduler)
    progress = Progress(quiet=args.quiet)
    failures = []
    if len(args.params) == 1:
        summaries = [build(args.params[0], args.out, progress, opts)]
    else:
        try:
            summaries = build_many(args.params, args.out, progress, opts)
        except BatchError as exc:  # the other editions were built: say so, then what went wrong with these
            summaries, failures = exc.built, exc.failures
    for summary in summaries:
        state = "up to date" if summary["up_to_date"] else f"{len(summary['executed'])} chapter(s) executed"
        print(f"Built {summary['edition']}: {len(summary['chapters'])} chapter(s) ({state}), "
              f"{summary['figures']} figure(s) in {summary['seconds']}s")
        print(summary["index"])
    codes = []
    for params, exc in failures:
        print(f"\nEdition {Path(params).stem} ({params}) was not built:", file=sys.stderr)
        codes.append(_report(exc, args.out / Path(params).stem))
    return (1 if 1 in codes else 2) if codes else 0


def cmd_validate(args) -> int:
    from .build import validate

    from .release import claim

    if args.out is not None:
        claim(args.out)  # the report goes only into a folder builds may write
    edition, problems = validate(args.params)
    if problems:
        raise DataError(problems)
    if args.out is not None:  # an empty report replaces a stale one; without --out, the terminal only
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "validation-report.csv").write_text(",".join(REPORT_COLUMNS) + "\n")
    print(f"{edition.path.name}: parameters and data are valid ({edition.title}).")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="panelbook", description="Build the Corporate Parenting Panel report book.")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate, execute every chapter and publish the book")
    b.add_argument("params", type=Path, nargs="+", help="the edition's parameters (YAML); several = DIR/<edition>/ each")
    b.add_argument("--out", type=Path, default=Path("_build"), help="output folder (default _build)")
    b.add_argument("--jobs", type=int, default=None, help="chapters executed at once (default: every core)")
    b.add_argument("--force", action="store_true", help="ignore the execution cache")
    b.add_argument("--explain", action="store_true", help="say per chapter whether it is executed or reused, and why")
    b.add_argument("--dask-scheduler", metavar="tcp://HOST:PORT", help="run chapters on an existing Dask cluster")
    b.add_argument("--quiet", action="store_true", help="no progress lines")
    b.set_defaults(func=cmd_build)
    v = sub.add_parser("validate", help="check the parameters and data without building")
    v.add_argument("params", type=Path)
    v.add_argument("--out", type=Path, default=None, help="write DIR/validation-report.csv too (default: terminal only)")
    v.set_defaults(func=cmd_validate)

    n = sub.add_parser("new-edition", help="write next quarter's parameters from an edition's")
    n.add_argument("params", type=Path, help="the edition to start from")
    which = n.add_mutually_exclusive_group(required=True)
    which.add_argument("--next", action="store_true", help="the following financial-year quarter")
    which.add_argument("--quarter", help="a named quarter, e.g. '2014-15 Q1'")
    n.add_argument("--out", type=Path, help="file to write (default: params/<yyyy-yy>-q<n>.yaml beside the input)")
    n.set_defaults(func=lambda a: _delegate("editions", "cmd_new_edition", a))

    d = sub.add_parser("diff", help="what changed between two editions' exported figures")
    d.add_argument("old", type=Path, help="the earlier edition's figures folder")
    d.add_argument("new", type=Path, help="the later edition's figures folder")
    d.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    d.set_defaults(func=lambda a: _delegate("diff", "cmd_diff", a))

    sy = sub.add_parser("synth", help="write synthetic data and params for several authorities, at any scale")
    sy.add_argument("--authorities", type=int, default=3)
    sy.add_argument("--seed", type=int, default=2014)
    sy.add_argument("--out", type=Path, required=True)
    sy.add_argument("--scale", type=int, default=1, help="copies of the sample per authority and year (about)")
    sy.add_argument("--years", type=int, default=2, help="years of data (the sample year, then shifted)")
    sy.add_argument("--national", action="store_true", help="England-sized data per authority (~100k missing episodes a year)")
    sy.set_defaults(func=lambda a: _delegate("synth", "cmd_synth", a))

    im = sub.add_parser("import-survey", help="turn a Microsoft Forms or SurveyMonkey export into the survey files")
    im.add_argument("export", type=Path, help="the survey tool's export: .xlsx (or .xls, .ods) or .csv")
    im.add_argument("--mapping", type=Path, required=True, help="MAP.yaml: the survey, its columns and questions")
    im.add_argument("--out", dest="data_dir", type=Path, required=True, metavar="DATA_DIR",
                    help="the data folder: survey_responses.csv and survey_questions.csv are added to there")
    im.add_argument("--replace", action="store_true", help="replace the answers already imported for the export's periods")
    im.set_defaults(func=lambda a: _delegate("survey_import", "cmd_import_survey", a))

    nc = sub.add_parser("new-chapter", help="write a working chapter of your own: DIR/NAME/, never overwriting")
    nc.add_argument("name", metavar="NAME", help="the chapter's name: its folder, params section and export prefix")
    nc.add_argument("--dir", type=Path, required=True, help="the folder to write NAME/ into")
    nc.set_defaults(func=lambda a: _delegate("scaffold", "cmd_new_chapter", a))

    pp = sub.add_parser("papers", help="draft each chapter as a Word committee report")
    pp.add_argument("params", type=Path)
    pp.add_argument("--out", type=Path, default=Path("_build"), help="build folder (papers go to DIR/papers)")
    pp.add_argument("--pdf", action="store_true",
                    help="also a PDF of each paper, when LibreOffice (soffice) is installed (else a note, not an error)")
    pp.set_defaults(func=lambda a: _delegate("build", "cmd_papers", a))
    return ap


def _delegate(module: str, func: str, args) -> int:
    """Subcommands whose logic lives in their own module (editions, diff, papers, survey_import, scaffold)."""
    import importlib

    return getattr(importlib.import_module(f"panelbook.{module}"), func)(args)


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - _report says what it is: the user's to fix, or a bug
        return _report(exc, getattr(args, "out", None))


def _report(exc: Exception, out_dir: Path | None) -> int:
    """Say what went wrong (a traceback only for a bug); the exit code. `out_dir`: where the
    validation report goes."""
    if isinstance(exc, DataError):
        _print_problems(exc, out_dir)
        return 2
    if isinstance(exc, ParamsError):
        print(f"Parameters error:\n{exc}", file=sys.stderr)
        return 2
    if isinstance(exc, BuildError):
        print(f"Build failed; the previous book is unchanged.\n{exc}", file=sys.stderr)
        return 1
    if isinstance(exc, PanelbookError):
        print(str(exc), file=sys.stderr)
        return 2
    if isinstance(exc, OSError):  # the disk, not the code: say which file, without a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"panelbook: {exc.strerror or exc}{where}; the previous book is unchanged.", file=sys.stderr)
        return 1
    print("panelbook: internal error (this is a bug, please report it):", file=sys.stderr)  # keep the details
    traceback.print_exception(exc)
    return 1


if __name__ == "__main__":
    sys.exit(main())
