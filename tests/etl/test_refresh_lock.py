"""The refresh lock: keyed on the store, and a PostgreSQL server that goes away mid-refresh."""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import store
from etl.errors import RefreshLocked
from etl.settings import PROJECT_ROOT, Settings, load_settings


def test_two_stores_in_one_data_folder_never_block_each_other(
    settings: Settings, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.make_engine(settings)
    monkeypatch.setenv("MONITOR_DB_URL", f"sqlite:///{data_dir / 'other.sqlite'}")
    other_settings = load_settings()
    other = store.make_engine(other_settings)
    same_file = sa.create_engine(f"sqlite:///{os.path.relpath(data_dir / 'monitor.sqlite')}")
    with store.refresh_lock(first, settings):
        with store.refresh_lock(other, other_settings):
            pass  # another store: its own lock
        with pytest.raises(RefreshLocked), store.refresh_lock(same_file, settings):
            pass  # the same store by another path: the same lock
    assert (data_dir / "monitor.sqlite.refresh-lock").exists()
    for engine in (first, other, same_file):
        engine.dispose()


class Proxy:
    """A TCP relay to the PostgreSQL server that can be cut, as if the server stopped."""

    def __init__(self, target: tuple[str, int], cut_on: bytes) -> None:
        self.target, self.cut_on = target, cut_on
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            threading.Thread(target=self._relay, args=(client, server), daemon=True).start()

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, server)
        selector.register(server, selectors.EVENT_READ, client)
        while not self.cut.is_set():
            for key, _ in selector.select(timeout=0.2):
                try:
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                except OSError:
                    return
                if not data:
                    return
                if key.fileobj is client and self.cut_on in data:
                    self.stop()
                    return
                key.data.sendall(data)

    def stop(self) -> None:
        self.cut.set()
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.mark.postgres
def test_postgresql_stopping_mid_refresh_is_one_line_and_keeps_the_data(
    pg_url: str, settings: Settings, tmp_path: Path
) -> None:
    url = sa.make_url(pg_url)
    env = {**os.environ, "MONITOR_DB_URL": pg_url}
    command = [sys.executable, "-m", "etl", "refresh"]
    assert subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True).returncode == 0
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(store.items)).scalar()
    sources = tmp_path / "sources"
    sources.mkdir()
    for original in (PROJECT_ROOT / "datasets" / "sources").glob("note-*.md"):
        (sources / original.name).write_text(original.read_text() + "\nRevised.\n")
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432), cut_on=b"INSERT INTO items")
    through = url.set(host="127.0.0.1", port=proxy.port).update_query_dict({"sslmode": "disable"})
    env = {**env, "MONITOR_DB_URL": through.render_as_string(hide_password=False)}
    env["MONITOR_SOURCES_DIR"] = str(sources)
    failed = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    proxy.stop()
    assert proxy.cut.is_set(), "the refresh never reached the load"
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Traceback" not in failed.stderr and "Traceback" not in failed.stdout, failed.stderr[-3000:]
    assert "refresh failed:" in failed.stdout or failed.stderr.strip().splitlines()[-1].startswith("error: ")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(store.items)).scalar() == before
        assert not store.refresh_lock_held(conn)
    engine.dispose()
