"""SCORM packages are built once per content version and format, then served from disk."""

from __future__ import annotations

import shutil
import threading

from lti_tool import create_app
from lti_tool.content.cache import clear_cache
from tests.scorm_support import zip_members
from tests.test_learning_support import INSTRUCTOR, make_launch

MODULE = "basisvaardigheden"
PARALLEL = 6


def _export(client, token: str, version: str = "2004", module: str = MODULE):
    return client.post("/export/scorm", data={"lt": token, "version": version, "module": module})


def test_parallel_first_requests_build_once_and_later_ones_reuse_it(app, caplog):
    token = make_launch(app, roles=(INSTRUCTOR,)).token
    barrier = threading.Barrier(PARALLEL)
    bodies: list[bytes] = []

    def download() -> None:
        client = app.test_client()
        barrier.wait()
        response = _export(client, token)
        assert response.status_code == 200
        bodies.append(response.get_data())

    threads = [threading.Thread(target=download) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(bodies) == PARALLEL and len(set(bodies)) == 1
    cache = app.extensions["scorm_packages"]
    assert cache.builds == 1
    again = _export(app.test_client(), token)
    assert again.status_code == 200 and again.get_data() == bodies[0]
    assert "basisvaardigheden-scorm2004.zip" in again.headers["Content-Disposition"]
    assert cache.builds == 1  # served from disk
    assert [r.getMessage() for r in caplog.records].count("scorm package built") == 1

    assert _export(app.test_client(), token, version="1.2").status_code == 200
    assert cache.builds == 2  # another format: its own package


def test_a_content_change_gives_a_new_package(settings, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(settings.content_dir, content)
    app = create_app(settings.with_overrides(content_dir=content))
    try:
        token = make_launch(app, roles=(INSTRUCTOR,)).token
        first = _export(app.test_client(), token)
        module_file = content / "werkbegeleiding" / "modules" / f"{MODULE}.yaml"
        module_file.write_text(module_file.read_text().replace(
            "title: De basisvaardigheden", "title: De basisvaardigheden (herzien)", 1))
        clear_cache()
        second = _export(app.test_client(), token)
        assert first.status_code == second.status_code == 200
        assert app.extensions["scorm_packages"].builds == 2
        assert b"(herzien)" in zip_members(second.get_data())["imsmanifest.xml"]
        kept = sorted(p.name for p in (settings.instance_dir / "scorm-packages").glob("*.zip"))
        assert len(kept) == 1  # the earlier version's file is gone
    finally:
        clear_cache()
        app.extensions["db"].dispose()


def test_an_unknown_module_is_a_readable_400_and_builds_nothing(app, client):
    token = make_launch(app, roles=(INSTRUCTOR,)).token
    response = _export(client, token, module="../../secret_key")
    assert response.status_code == 400 and "no module '../../secret_key'" in response.text
    packages = app.extensions["settings"].instance_dir / "scorm-packages"
    assert list(packages.glob("*")) == []
