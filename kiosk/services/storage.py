"""Where uploaded files are kept: local files under `instance/` by default, or an
S3-compatible object store (AWS S3, MinIO, Ceph, ...) by configuration.

Files get random names and live outside `static/`; only their database rows know
which draft or submission they belong to. Both stores offer the same few methods
(`Storage`), so nothing else in Kiosk knows which one is in use.

Configuration: `STORAGE_BACKEND` is `local` (files in `UPLOAD_FOLDER`) or `s3`
(`S3_BUCKET`, `S3_PREFIX`, `S3_ENDPOINT_URL` for servers other than AWS, `S3_REGION`,
and `S3_SERVER_SIDE_ENCRYPTION` (`AES256` or `aws:kms`) with `S3_KMS_KEY_ID` to have
the store encrypt every object). Credentials for S3 come from boto3's usual chain
(`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or the machine's role), never from
Kiosk's settings.
"""

from __future__ import annotations

import io
import os
import secrets
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol


class TooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


class FileMissing(FileNotFoundError):
    """The store has nothing under this key (removed by hand, lost in a restore...)."""

    def __init__(self, key: str):
        super().__init__(f"no stored file under key {key!r}")
        self.key = key


class Storage(Protocol):
    def save(self, stream: BinaryIO, *, limit: int) -> tuple[str, int]: ...
    def save_bytes(self, data: bytes) -> str: ...
    def read(self, key: str) -> bytes: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


def new_key() -> str:
    return secrets.token_urlsafe(24)


def checked_key(key: str) -> str:
    """Keys are ours (random, URL-safe); anything else is refused, never used as a path."""
    if not key or "/" in key or "\\" in key or key.startswith(".") or os.sep in key:
        raise ValueError("bad storage key")
    return key


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


class LocalStorage:
    """Files in one folder, readable by the service's user only."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def save(self, stream: BinaryIO, *, limit: int) -> tuple[str, int]:
        data = read_at_most(stream, limit)
        return self.save_bytes(data), len(data)

    def save_bytes(self, data: bytes) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        key = new_key()
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o600)
            os.replace(temporary, self._path(key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise FileMissing(key) from None

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self._path(key), "rb")
        except FileNotFoundError:
            raise FileMissing(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def _path(self, key: str) -> Path:
        return self.folder / checked_key(key)


MISSING_CODES = ("404", "NoSuchKey", "NotFound")


class S3Storage:
    """Objects under `prefix` in one bucket of an S3-compatible store."""

    def __init__(
        self,
        bucket: str,
        *,
        client: Any,
        prefix: str = "uploads/",
        encryption: str | None = None,
        kms_key_id: str | None = None,
    ):
        self.bucket = bucket
        self.prefix = prefix
        self.client = client
        self.put_options: dict[str, str] = {}
        if encryption:
            self.put_options["ServerSideEncryption"] = encryption
            if kms_key_id:
                self.put_options["SSEKMSKeyId"] = kms_key_id

    def save(self, stream: BinaryIO, *, limit: int) -> tuple[str, int]:
        data = read_at_most(stream, limit)
        return self.save_bytes(data), len(data)

    def save_bytes(self, data: bytes) -> str:
        key = new_key()
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=data, **self.put_options
        )
        return key

    def read(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _error_code(error) in MISSING_CODES:
                raise FileMissing(key) from None
            raise
        with response["Body"] as body:
            return body.read()

    def open(self, key: str) -> BinaryIO:
        return io.BytesIO(self.read(key))

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _error_code(error) in MISSING_CODES:
                return False
            raise
        return True

    def _name(self, key: str) -> str:
        return self.prefix + checked_key(key)


def _error_code(error) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


_s3_clients: dict[tuple[str | None, str | None], Any] = {}
_s3_clients_lock = threading.Lock()  # boto3's default session is not safe to share


def storage_from_config(config: Mapping[str, Any]) -> Storage:
    """The store the settings name; S3 clients are made once per endpoint and reused."""
    backend = config.get("STORAGE_BACKEND") or "local"
    if backend == "local":
        return LocalStorage(config["UPLOAD_FOLDER"])
    if backend != "s3":
        raise ValueError(f"STORAGE_BACKEND must be 'local' or 's3', not {backend!r}")
    if not config.get("S3_BUCKET"):
        raise ValueError("STORAGE_BACKEND is 's3' but S3_BUCKET is not set")
    endpoint, region = config.get("S3_ENDPOINT_URL"), config.get("S3_REGION")
    encryption = config.get("S3_SERVER_SIDE_ENCRYPTION") or None
    if encryption not in (None, "AES256", "aws:kms"):
        raise ValueError(
            f"S3_SERVER_SIDE_ENCRYPTION must be 'AES256' or 'aws:kms', not {encryption!r}"
        )
    return S3Storage(
        config["S3_BUCKET"],
        client=_s3_client(endpoint, region),
        prefix=config.get("S3_PREFIX") or "",
        encryption=encryption,
        kms_key_id=config.get("S3_KMS_KEY_ID") or None,
    )


def _s3_client(endpoint: str | None, region: str | None):
    """One client per endpoint and region for the process (clients are thread-safe once
    made; making them is not)."""
    with _s3_clients_lock:
        client = _s3_clients.get((endpoint, region))
        if client is None:
            import boto3

            client = boto3.session.Session().client("s3", endpoint_url=endpoint, region_name=region)
            _s3_clients[(endpoint, region)] = client
        return client
