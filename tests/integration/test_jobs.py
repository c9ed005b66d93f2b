"""The job queue: SQLite in instance/ by default, Redis by configuration (a real server)."""

from __future__ import annotations

import pytest
from huey import RedisHuey, SqliteHuey

from kiosk import jobs

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_the_default_queue_is_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_REDIS_URL", raising=False)
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    queue = jobs._make_queue()
    assert isinstance(queue, SqliteHuey)

    @queue.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert (tmp_path / "jobs.sqlite3").exists() and len(queue) == 1
    queue.execute(queue.dequeue())
    assert result.get() == 5


def test_jobs_can_run_on_redis(monkeypatch):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379: the Redis queue was not tested")
    monkeypatch.setenv("KIOSK_REDIS_URL", REDIS_URL)
    queue = jobs._make_queue()
    assert isinstance(queue, RedisHuey)
    queue.flush()

    @queue.task()
    def add(a, b):
        return a + b

    result = add(20, 22)
    assert len(queue) == 1
    queue.execute(queue.dequeue())
    assert result.get() == 42
    queue.flush()


def test_a_worker_with_development_settings_says_what_it_would_get_wrong(make_app, tmp_path):
    warnings = jobs.settings_warnings(make_app())
    assert any("KIOSK_PUBLIC_URL is not set" in text for text in warnings)
    assert any("development seal" in text for text in warnings)
    from kiosk.services import signing

    seal = signing.development_seal(tmp_path / "seal", "City of Example")
    (tmp_path / "key.pem").write_bytes(seal.key_pem)
    (tmp_path / "cert.pem").write_bytes(seal.certificate_pem)
    live = make_app(
        PUBLIC_URL="https://forms.city.example",
        SEAL_KEY_FILE=str(tmp_path / "key.pem"),
        SEAL_CERT_FILE=str(tmp_path / "cert.pem"),
    )
    assert jobs.settings_warnings(live) == []
