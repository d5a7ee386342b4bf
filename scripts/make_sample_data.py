"""Regenerate data/sample/ from the seeded generators (each chapter's sample.py; no real child), and the
missing chapter's children in the national layouts beside it (data/sample-903/, data/sample-ssd/);
with --fictional, the second sample authority's data/borsetshire/ (panelbook.sample.fictional).

Usage: python scripts/make_sample_data.py [--seed 2014] [--out data/sample]
       python scripts/make_sample_data.py --fictional [--out data/borsetshire]
"""
from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from panelbook.sample import GENERATORS
from panelbook.sample.common import write_csv

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=2014)
    ap.add_argument("--out", type=Path, default=None, help="default: data/sample, or data/borsetshire with --fictional")
    ap.add_argument("--only", nargs="*", help="generators to run (default: all available)")
    ap.add_argument("--fictional", action="store_true", help="the fictional second authority instead")
    args = ap.parse_args()
    if args.fictional:
        from panelbook.sample import fictional

        out = args.out or DATA / "borsetshire"
        for file, frame in fictional.frames(args.seed).items():
            write_csv(frame, out / file)
            print(f"wrote {out / file} ({len(frame)} rows)")
        return
    args.out = args.out or DATA / "sample"
    for name in args.only or GENERATORS:
        try:
            module = importlib.import_module(GENERATORS[name])
        except (KeyError, ModuleNotFoundError):
            continue
        for file, frame in module.generate(args.seed).items():
            write_csv(frame, args.out / file)
            print(f"wrote {args.out / file} ({len(frame)} rows)")
    if not args.only or "missing" in args.only:
        from panelbook.sample.national import LAYOUTS

        for folder, generate in LAYOUTS.items():
            for file, frame in generate(args.seed).items():
                write_csv(frame, args.out.parent / folder / file)
                print(f"wrote {args.out.parent / folder / file} ({len(frame)} rows)")


if __name__ == "__main__":
    main()
