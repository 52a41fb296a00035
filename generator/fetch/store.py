"""Keep a fetch's raw responses on disk, for review and offline re-import: all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from ..urls import slugify
from .download import Download

DEFAULT_DIR = ".hubgen-fetch"
"""Default folder of saved responses, next to the content folder (never inside it)."""


def default_save_dir(content: Path) -> Path:
    """Return where responses are saved by default: ``.hubgen-fetch/`` beside ``content``."""
    return content.absolute().parent / DEFAULT_DIR


class Stage:
    """A private folder that becomes ``SAVE_DIR/<name>`` on keep(), or vanishes on discard()."""

    def __init__(self, save_dir: Path, service: str, item_id: str) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        self.save_dir = save_dir
        self.name = f"{service}-{slugify(item_id) or 'paper'}-{stamp}"
        save_dir.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.name}.", dir=save_dir))

    def write(self, download: Download, paper_name: str, page_name: str) -> list[Path]:
        """Write the responses; return their paths, the paper's first, pages in order."""
        paths = [self.folder / paper_name]
        paths += [
            self.folder / f"{page_name}-{n:04d}.json" for n in range(1, len(download.pages) + 1)
        ]
        for path, body in zip(paths, [download.paper, *download.pages], strict=True):
            path.write_bytes(body)
        return paths

    def keep(self) -> Path:
        """Move the folder to its final name (never over an existing one); return it."""
        final = self.save_dir / self.name
        suffix = 1
        while final.exists():
            suffix += 1
            final = self.save_dir / f"{self.name}-{suffix}"
        os.rename(self.folder, final)
        self.folder = final
        os.chmod(final, 0o755)  # mkdtemp makes it private; these are plain data files
        return final

    def discard(self) -> None:
        """Remove the folder and what this fetch wrote into it."""
        shutil.rmtree(self.folder, ignore_errors=True)
