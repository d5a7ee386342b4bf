"""Regenerate data/sample/ from the seeded generators in panelbook.sample (no real child), and the
missing chapter's children in the national layouts beside it (data/sample-903/, data/sample-ssd/).

Usage: python scripts/make_sample_data.py [--seed 2014] [--out data/sample]
"""
from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from panelbook.sample.common import write_csv

GENERATORS = ["missing", "surveys", "complaints", "recruitment", "audits", "actions"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=2014)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "sample")
    ap.add_argument("--only", nargs="*", help="generators to run (default: all available)")
    args = ap.parse_args()
    for name in args.only or GENERATORS:
        try:
            module = importlib.import_module(f"panelbook.sample.{name}")
        except ModuleNotFoundError:
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
