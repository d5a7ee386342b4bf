"""Make the 10 MB single-cell line at test time (too big to commit)."""
from pathlib import Path


def generate(data_dir: Path) -> None:
    path = data_dir / "missing_episodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "A" * 10_000_000 + "\n")  # row 3: one cell of ten million characters
    path.write_text("".join(lines), encoding="utf-8")
