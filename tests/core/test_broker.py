"""The embedded broker never hands a worker a half-written message."""

from __future__ import annotations

from pathlib import Path
from queue import Empty

import pytest
from kombu import Connection
from kombu import Exchange
from kombu import Queue

TRANSPORT = "core.broker:FilesystemTransport"


def connection(folder: Path) -> Connection:
    return Connection(
        "filesystem://",
        transport=TRANSPORT,
        transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder),
            "polling_interval": 0.01,
        },
    )


def test_messages_go_through_whole(tmp_path: Path) -> None:
    queue = Queue("vision", Exchange("vision", type="direct"), routing_key="vision")
    with connection(tmp_path) as conn:
        producer = conn.Producer()
        for job_id in range(50):
            producer.publish(
                {"id": job_id}, exchange=queue.exchange, routing_key="vision", declare=[queue]
            )
        received = []
        with conn.SimpleQueue(queue) as simple:
            for _ in range(50):
                message = simple.get(timeout=2)
                received.append(message.payload["id"])
                message.ack()
    assert sorted(received) == list(range(50)), "every message arrives once"
    assert not list(tmp_path.glob("*.part")), "no partial file is left behind"


def test_a_file_still_being_written_is_not_consumed(tmp_path: Path) -> None:
    (tmp_path / "1_abc.vision.msg.part").write_bytes(b'{"incomplete": ')
    queue = Queue("vision", Exchange("vision", type="direct"), routing_key="vision")
    with connection(tmp_path) as conn, conn.SimpleQueue(queue) as simple, pytest.raises(Empty):
        simple.get(timeout=0.2)
    assert (tmp_path / "1_abc.vision.msg.part").exists()


def test_a_connection_to_folders_asks_for_no_host(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """kombu logs "No hostname was supplied. Reverting to default 'localhost'" for a transport
    that names a default host; folders have none, so a worker's log stays quiet."""
    with caplog.at_level("WARNING"), connection(tmp_path) as conn:
        conn.connect()
        info = conn.info()
    assert not [r for r in caplog.records if "hostname" in r.getMessage().lower()]
    assert info["hostname"] in (None, "")
