"""The development LMS is not part of the product: the tool loads it only when asked to.

``devlms`` is its own top-level package; ``lti_tool`` names it in one place (the app
factory's optional mount), a production app never loads it, and it works with the tool
only through the tool's public functions, never through the tool's models.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from lti_tool import create_app
from lti_tool.settings import PROJECT_ROOT, ConfigurationError

PRODUCTION_APP = """
import json, sys, tempfile
from pathlib import Path
from lti_tool import create_app
from lti_tool.settings import Settings
import lti_tool.cli
folder = Path(tempfile.mkdtemp())
create_app(Settings.from_env({"LTI_TOOL_ENV": "production", "SECRET_KEY": "s" * 40,
                              "BASE_URL": "https://tool.example.nl", "INSTANCE_DIR": str(folder),
                              "DATABASE_URL": f"sqlite:///{folder / 'tool.sqlite3'}"}))
print(json.dumps(sorted(sys.modules)))
"""


def _loaded_by(script: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_production_app_loads_nothing_of_the_development_lms():
    modules = _loaded_by(PRODUCTION_APP)
    assert "lti_tool.cli" in modules and "lti_tool.lti.routes" in modules
    assert [name for name in modules if name.split(".")[0] in {"devlms", "lti1p3platform"}] == []


def _imports(path) -> list[str]:
    """Absolute names of every module ``path`` imports (relative ones resolved)."""
    package = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return names


def test_the_tool_names_the_development_lms_in_one_place_only():
    importing = sorted(path.relative_to(PROJECT_ROOT).as_posix()
                       for path in (PROJECT_ROOT / "lti_tool").rglob("*.py")
                       if any(name.split(".")[0] == "devlms" or ".devlms" in name
                              for name in _imports(path)))
    assert importing == []
    mounting = sorted(path.relative_to(PROJECT_ROOT).as_posix()
                      for path in (PROJECT_ROOT / "lti_tool").rglob("*.py")
                      if "import_module(" in path.read_text(encoding="utf-8"))
    assert mounting == ["lti_tool/__init__.py"]


def test_the_development_lms_does_not_use_the_tool_models():
    """It registers itself through ``lti_tool.lti.registrations`` and reads no tool table."""
    using = sorted(path.relative_to(PROJECT_ROOT).as_posix()
                   for path in (PROJECT_ROOT / "devlms").rglob("*.py")
                   if any(name == "lti_tool.models" or name.startswith("lti_tool.models.")
                          for name in _imports(path)))
    assert using == []


def test_an_enabled_but_missing_development_lms_is_a_readable_configuration_error(
        settings, monkeypatch):
    # Stands in for an install without the dev extra: the import of devlms fails.
    monkeypatch.setitem(sys.modules, "devlms", None)
    with pytest.raises(ConfigurationError, match=r"DEVLMS_ENABLED.*pip install -e '\.\[dev\]'"):
        create_app(settings)


def test_a_switched_off_development_lms_is_not_mounted(settings):
    app = create_app(settings.with_overrides(devlms_enabled=False))
    try:
        assert "devlms" not in app.extensions
        assert app.test_client().get("/devlms/").status_code == 404
        assert not [rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/devlms")]
    finally:
        app.extensions["db"].dispose()


def test_the_mounted_development_lms_serves_its_own_files(client):
    response = client.get("/devlms/static/devlms.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert client.get("/static/devlms/devlms.css").status_code == 404


def test_configuration_error_from_the_environment_is_one_line(tmp_path):
    """gunicorn's way (``create_app()`` from the environment): exit status 2, no traceback."""
    script = ("import sys; sys.modules['devlms'] = None\n"
              "from lti_tool import create_app\ncreate_app()\n")
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_DIR": str(tmp_path), "LOG_JSON": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'tool.sqlite3'}"}
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("lti-tool: configuration error: DEVLMS_ENABLED is on")
    assert "Traceback" not in done.stderr

