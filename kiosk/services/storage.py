"""Where uploaded files are kept: local files under `instance/` by default.

Files get random names and live outside `static/`; only their database rows know
which draft or submission they belong to.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import BinaryIO


class LocalStorage:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def save(self, stream: BinaryIO, *, limit: int) -> tuple[str, int]:
        """Copy `stream` into a new file; return its key and size. Raises TooLarge."""
        self.folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(24)
        path = self._path(key)
        size = 0
        with open(path, "xb") as out:
            while chunk := stream.read(64 * 1024):
                size += len(chunk)
                if size > limit:
                    out.close()
                    path.unlink(missing_ok=True)
                    raise TooLarge(limit)
                out.write(chunk)
        return key, size

    def save_bytes(self, data: bytes) -> str:
        """Store `data` under a new key and return the key."""
        self.folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(24)
        with open(self._path(key), "xb") as out:
            out.write(data)
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def _path(self, key: str) -> Path:
        if not key or os.sep in key or key.startswith("."):
            raise ValueError("bad storage key")
        return self.folder / key


class TooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit
