"""The execution cache: an unchanged chapter is not re-executed.

A chapter's key hashes everything its notebook can depend on: the notebook source, the package
code and versions (and a local chapter's own declaration and code), the edition's settings that reach every chapter (title, authority, disclosure,
published figures) and the chapter's own params section, and the SHA-256 of each input file the
chapter declares. An entry stores the executed notebook and the chapter's exports with a manifest
of their hashes; an entry whose files do not match its manifest is discarded, never served.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import provenance
from .digest import sha256_file

def default_dir() -> Path:
    """Executed chapters live in the per-user cache (resources.cache_dir): never in the package or checkout."""
    from .resources import cache_dir

    return cache_dir() / "chapters"


def _sha_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


_CODE_HASH: str | None = None


def code_hash() -> str:
    """Hash of the panelbook package source, its YAML data included (the built-in chapters' declarations,
    labels and catalogues): a code change invalidates every chapter."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.sha256()
        pkg = Path(__file__).resolve().parent
        for p in sorted([*pkg.rglob("*.py"), *pkg.rglob("*.yaml")]):
            h.update(str(p.relative_to(pkg)).encode())
            h.update(p.read_bytes())
        _CODE_HASH = h.hexdigest()
    return _CODE_HASH


def key_parts(chapter, edition, notebook: Path) -> dict[str, str]:
    """The named components of a chapter's key (kept, so --explain can say what changed)."""
    m = edition.model
    from .chapters import chapters_in
    from .runner import code_signature

    number = [c.slug for c in chapters_in(edition)].index(chapter.slug) + 1
    from .earlier import files_of

    common = {"title": m.title, "local_authority": m.local_authority, "la_code": m.la_code, "number": number,
              "publisher": m.publisher, "edition_name": m.edition_name, "panel": m.panel, "book_title": m.book_title,
              "disclosure": m.disclosure.model_dump(mode="json"), "papers": m.papers,
              "published": [getattr(e, "title", None) for e in m.published]}
    published = [sha256_file(f) for f in files_of(m.published) if f.exists()]
    section = edition.section(chapter.section).model_dump(mode="json")
    parts = {
        "notebook code": code_signature(notebook),  # its prose is taken as it stands (runner.with_prose_of)
        "code": code_hash(),
        "packages": _sha_text(json.dumps(provenance.package_versions(), sort_keys=True)),
        "edition settings": _sha_text(json.dumps([common, published], sort_keys=True, default=str)),
        "parameters": _sha_text(json.dumps(section, sort_keys=True, default=str)),
    }
    if chapter.local:  # its own declaration, catalogue and code (the package's is "code")
        parts["chapter code"] = chapter.code
    extra_files = list(chapter.hooks.extra_inputs(edition))
    source = edition.data_source
    names = [n for files in chapter.files(edition) for n in files]
    for name in names:  # the file actually read: CSV or workbook
        found = source.located(name)
        parts[f"data {name}"] = sha256_file(found.path) if found else "absent"
    stems = {name.rsplit(".", 1)[0] for name in names}
    mapping = {k: v.model_dump(mode="json") for k, v in sorted(m.inputs.items()) if k in stems}
    if mapping:  # where the files are and how their columns and codes map
        parts["inputs"] = _sha_text(json.dumps(mapping, sort_keys=True))
    for path in extra_files:
        parts[f"data {Path(path).name}"] = sha256_file(path) if Path(path).is_file() else "absent"
    from .messages import key_inputs

    previous = key_inputs(edition)
    if previous is not None:  # its key messages are set beside the previous edition's
        parts["previous edition's key messages"] = sha256_file(previous)
    from .comparators import files_of, measures_for

    if measures_for(edition, chapter.section):  # the comparators' files and settings (benchmarks:)
        parts["benchmarks"] = _sha_text(json.dumps(m.benchmarks.model_dump(mode="json"), sort_keys=True))
        for name, path in zip(m.benchmarks.files, files_of(edition)):
            parts[f"data {name}"] = sha256_file(path) if path.is_file() else "absent"
    return parts


def key_of(parts: dict[str, str]) -> str:
    return _sha_text(json.dumps(parts, sort_keys=True))


@dataclass
class Entry:
    notebook: Path
    figures: Path
    files: tuple[str, ...] = ()  # the exports to publish: exactly those the manifest lists

    @classmethod
    def of(cls, notebook: Path, figures: Path) -> "Entry":
        """A chapter's fresh exports (not from the cache): every file its folder holds."""
        return cls(notebook, figures, tuple(sorted(p.name for p in figures.iterdir() if p.is_file())))


class ExecutionCache:
    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else default_dir()

    def _dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> Entry | None:
        """The entry for key, only if its manifest is well formed, lists the notebook, and the files
        stored are exactly those it lists with the same hashes (anything else: discarded, never served)."""
        d = self._dir(key)
        manifest = d / "manifest.json"
        if not manifest.is_file():
            return None
        try:
            files = json.loads(manifest.read_text())["files"]
            if not isinstance(files, dict) or "notebook.ipynb" not in files:
                raise ValueError("malformed manifest")
            stored = {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file() and p != manifest}
            if stored != set(files):
                raise ValueError("files not in the manifest, or missing")
            for rel, digest in files.items():
                if sha256_file(d / rel) != digest:
                    raise ValueError(rel)
        except (ValueError, KeyError, TypeError, AttributeError, OSError):
            shutil.rmtree(d, ignore_errors=True)  # corrupted: rebuild, never serve
            return None
        exports = tuple(sorted(rel.split("/", 1)[1] for rel in files if rel.startswith("figures/") and rel.count("/") == 1))
        return Entry(d / "notebook.ipynb", d / "figures", exports)

    def put(self, key: str, notebook: Path, figures: Path, parts: dict[str, str]) -> None:
        """Store atomically (write aside, then rename into place)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".put-", dir=self.folder))
        try:
            shutil.copy2(notebook, tmp / "notebook.ipynb")
            shutil.copytree(figures, tmp / "figures")
            files = {str(p.relative_to(tmp)): sha256_file(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
            (tmp / "manifest.json").write_text(json.dumps({"files": files, "parts": parts}, indent=1, sort_keys=True))
            target = self._dir(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            try:
                os.replace(tmp, target)
            except OSError:  # another build sharing the cache stored the same key in between: its entry
                if self.get(key) is None:  # (the same inputs and code) stands
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def made_files(self) -> "MadeFiles":
        """The papers and workbooks made from this cache's chapters, kept beside it."""
        return MadeFiles(self.folder.parent / "made")

    # -- explaining ---------------------------------------------------------------------------
    def _last_path(self, edition_slug: str, chapter_slug: str) -> Path:
        return self.folder.parent / "last" / edition_slug / f"{chapter_slug}.json"

    def remember(self, edition_slug: str, chapter_slug: str, parts: dict[str, str]) -> None:
        p = self._last_path(edition_slug, chapter_slug)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(parts, indent=1, sort_keys=True))

    def what_changed(self, edition_slug: str, chapter_slug: str, parts: dict[str, str]) -> list[str]:
        p = self._last_path(edition_slug, chapter_slug)
        if not p.is_file():
            return []
        try:
            last = json.loads(p.read_text())
        except (OSError, ValueError):
            return []
        if not isinstance(last, dict):
            return []
        return sorted(k for k in set(parts) | set(last) if parts.get(k) != last.get(k))


class MadeFiles:
    """Files made from a build's outputs (a chapter's paper, the workbook), kept under the hash of
    everything they are made from (`made_key`): a build whose chapters come from the cache copies them
    rather than making them again. A stored file whose bytes do not match its recorded hash is
    discarded, never served."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def fetch(self, key: str, out: Path) -> bool:
        """Copy the file stored under key to out; False if there is none (or it was corrupted)."""
        stored, digest = self._path(key), self._path(key).with_suffix(".sha256")
        if not (stored.is_file() and digest.is_file() and sha256_file(stored) == digest.read_text().strip()):
            stored.unlink(missing_ok=True)
            return False
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored, out)
        return True

    def store(self, key: str, path: Path) -> None:
        """Keep a copy of path under key (written aside, then renamed into place: a concurrent build
        storing the same key stores the same bytes)."""
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".put-", dir=target.parent)
        os.close(fd)
        try:
            shutil.copyfile(path, tmp)
            target.with_suffix(".sha256").write_text(sha256_file(Path(tmp)) + "\n")
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)


def made_key(what: str, *inputs) -> str:
    """The key of a made file: what it is, the package code and versions, and its inputs (text, bytes
    or JSON-able values) in order."""
    h = hashlib.sha256()
    for part in (what, code_hash(), json.dumps(provenance.package_versions(), sort_keys=True), *inputs):
        data = part if isinstance(part, bytes) else (part if isinstance(part, str) else
                                                       json.dumps(part, sort_keys=True, default=str)).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def made_or_make(made: MadeFiles | None, what: str, inputs, out: Path, make) -> None:
    """out as `make()` writes it: copied from `made` when it holds a file made from the same
    `inputs()` (and code), else made and kept there. Without `made`, simply made (inputs not read)."""
    if made is None:
        make()
        return
    key = made_key(what, *inputs())
    if not made.fetch(key, out):
        make()
        made.store(key, out)
