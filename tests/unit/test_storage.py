"""One storage interface, two stores: a local folder, and S3 (a real moto server over HTTP)."""

from __future__ import annotations

import io

import pytest

from kiosk.services.storage import (
    FileMissing,
    LocalStorage,
    S3Storage,
    TooLarge,
    storage_from_config,
)


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    settings = request.getfixturevalue("s3_settings")
    return storage_from_config(settings)


def test_saved_bytes_come_back(storage):
    key = storage.save_bytes(b"%PDF-1.7 a statement")
    assert storage.read(key) == b"%PDF-1.7 a statement"
    with storage.open(key) as handle:
        assert handle.read() == b"%PDF-1.7 a statement"
    assert storage.exists(key)


def test_a_stream_is_saved_up_to_the_limit(storage):
    key, size = storage.save(io.BytesIO(b"x" * 100), limit=100)
    assert size == 100 and storage.read(key) == b"x" * 100
    with pytest.raises(TooLarge):
        storage.save(io.BytesIO(b"x" * 101), limit=100)


def test_deleted_files_are_gone_and_deleting_twice_is_fine(storage):
    key = storage.save_bytes(b"photo")
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)


def test_keys_are_random_and_never_paths(storage):
    keys = {storage.save_bytes(b"same") for _ in range(5)}
    assert len(keys) == 5 and all(len(key) >= 32 for key in keys)
    for bad in ("../secret", "a/b", "", ".hidden", "..\\x"):
        with pytest.raises(ValueError):
            storage.read(bad)


def test_nothing_is_kept_of_a_file_over_the_limit(tmp_path, s3_settings):
    local = LocalStorage(tmp_path / "uploads")
    with pytest.raises(TooLarge):
        local.save(io.BytesIO(b"x" * 11), limit=10)
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())
    s3 = storage_from_config(s3_settings)
    with pytest.raises(TooLarge):
        s3.save(io.BytesIO(b"x" * 11), limit=10)
    listed = s3_settings["client"].list_objects_v2(Bucket=s3_settings["S3_BUCKET"])
    assert listed.get("KeyCount", 0) == 0


def test_objects_live_under_the_prefix_in_the_bucket(s3_settings):
    store = storage_from_config(s3_settings)
    assert isinstance(store, S3Storage)
    key = store.save_bytes(b"scan")
    listed = s3_settings["client"].list_objects_v2(Bucket=s3_settings["S3_BUCKET"])
    assert [item["Key"] for item in listed["Contents"]] == [f"uploads/{key}"]


def test_local_files_are_private_to_the_service(tmp_path):
    store = LocalStorage(tmp_path / "uploads")
    key = store.save_bytes(b"payslip")
    assert (tmp_path / "uploads" / key).stat().st_mode & 0o077 == 0


def test_the_settings_choose_the_store(tmp_path):
    assert isinstance(storage_from_config({"UPLOAD_FOLDER": str(tmp_path)}), LocalStorage)
    with pytest.raises(ValueError, match="S3_BUCKET"):
        storage_from_config({"STORAGE_BACKEND": "s3", "UPLOAD_FOLDER": str(tmp_path)})
    with pytest.raises(ValueError, match="STORAGE_BACKEND"):
        storage_from_config({"STORAGE_BACKEND": "ftp", "UPLOAD_FOLDER": str(tmp_path)})


def test_a_missing_file_is_told_apart_from_other_failures(storage):
    key = storage.save_bytes(b"statement")
    storage.delete(key)
    with pytest.raises(FileMissing) as missing:
        storage.read(key)
    assert missing.value.key == key and isinstance(missing.value, FileNotFoundError)
    with pytest.raises(FileMissing):
        storage.open(key)


def test_the_store_encrypts_objects_when_asked(s3_settings):
    client = s3_settings["client"]
    plain = storage_from_config(s3_settings)
    encrypted = storage_from_config({**s3_settings, "S3_SERVER_SIDE_ENCRYPTION": "AES256"})
    for store, expected in ((plain, None), (encrypted, "AES256")):
        key = store.save_bytes(b"passport scan")
        head = client.head_object(Bucket=s3_settings["S3_BUCKET"], Key=f"uploads/{key}")
        assert head.get("ServerSideEncryption") == expected
        assert store.read(key) == b"passport scan"
    with pytest.raises(ValueError, match="S3_SERVER_SIDE_ENCRYPTION"):
        storage_from_config({**s3_settings, "S3_SERVER_SIDE_ENCRYPTION": "rot13"})
