"""PDF copies of the Word papers, made by LibreOffice when it is installed (optional).

Agenda packs are often assembled from PDFs. LibreOffice (`soffice`, Debian's
libreoffice-writer-nogui) converts a .docx headless; nothing else in panelbook needs it, so
without it the papers stay Word only and nothing fails.

Deterministic: LibreOffice stamps each PDF with the time of conversion (/CreationDate), a
random file identifier (/ID) and a checksum over both (/DocChecksum). Each is overwritten in place
with a value of the same length, so the cross-reference offsets stay valid: the date with the
paper's own date (as its core properties), the identifier and checksum with a hash of the Word file. The same .docx converted by the same
LibreOffice version then gives the same bytes (another version may lay pages out differently).
Each conversion runs with its own throwaway LibreOffice profile, in UTC.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BuildError

TIMEOUT_S = 600
_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")  # LibreOffice's checksum over the stamped file


class PdfError(BuildError):
    """LibreOffice is installed but could not convert a paper (exit 1: the Word papers are written)."""


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fixed(pdf: bytes, when: dt.date | None, source: bytes) -> bytes:
    """The PDF with its conversion time and random identifier replaced by values from the paper."""
    stamp = (when or dt.date(2000, 1, 1)).strftime("%Y%m%d000000").encode()
    pdf = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + stamp, pdf)
    digest = hashlib.md5(source).hexdigest().upper().encode()

    def ident(m):  # each identifier overwritten in place, its length kept
        out, base = bytearray(m.group(0)), m.start()
        for g in (1, 2):
            start, end = m.span(g)
            out[start - base:end - base] = (digest * 2)[:end - start]
        return bytes(out)

    pdf = _ID.sub(ident, pdf)
    return _CHECKSUM.sub(lambda m: m.group(0)[:m.start(1) - m.start()] + (digest * 2)[:len(m.group(1))], pdf)


def convert(papers: list[Path], out_dir: Path, when: dt.date | None) -> list[Path]:
    """`<out_dir>/<stem>.pdf` for each Word paper; [] when LibreOffice is not installed."""
    program = soffice()
    if program is None or not papers:
        return []
    out_dir = Path(out_dir)
    written = []
    with tempfile.TemporaryDirectory(prefix="panelbook-pdf-") as tmp:
        tmp = Path(tmp)
        cmd = [program, "--headless", "--norestore", "--nolockcheck", "--nologo",
               f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--convert-to", "pdf",
               "--outdir", str(tmp / "out"), *map(str, papers)]
        env = {**os.environ, "TZ": "UTC", "HOME": str(tmp)}
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"LibreOffice ({program}) could not convert the papers: {exc}") from None
        for paper in papers:
            made = tmp / "out" / f"{Path(paper).stem}.pdf"
            if not made.is_file():
                raise PdfError(f"LibreOffice ({program}) made no PDF of {paper} "
                               f"(exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[-500:]}")
            target = out_dir / made.name
            part = target.with_name(f".{made.name}.part")
            part.write_bytes(fixed(made.read_bytes(), when, Path(paper).read_bytes()))
            os.replace(part, target)
            written.append(target)
    return written
