"""Regenerate data/sample-workbooks/ from data/sample/ (seeded, byte-identical on every run).

Usage: python scripts/make_sample_workbooks.py [--seed 2014] [--sample data/sample] [--out data/sample-workbooks]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from panelbook.sample.workbooks import generate

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=2014)
    ap.add_argument("--sample", type=Path, default=ROOT / "data" / "sample")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "sample-workbooks")
    args = ap.parse_args()
    for path in generate(args.sample, args.out, args.seed):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
