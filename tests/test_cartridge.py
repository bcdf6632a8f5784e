"""The Common Cartridge 1.3: well-formed, the right namespaces, one LTI link per module in
course order, and each link launches the tool on its module through the development LMS."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import fromstring

import pytest

from devlms.client import DevLmsClient
from devlms.seed import COURSE_CONTEXT_ID, add_placement, course_by_context
from lti_tool.content import get_course, load_package
from lti_tool.lti.vocabulary import CONTENT_ITEM_PARAM
from lti_tool.settings import PROJECT_ROOT
from scorm_export import build_cartridge
from tests.scorm_support import zip_members

PACKAGE = PROJECT_ROOT / "content_packages" / "werkbegeleiding"
CP = "{http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1}"
LTICC = "{http://www.imsglobal.org/xsd/imslticc_v1p3}"
BLTI = "{http://www.imsglobal.org/xsd/imsbasiclti_v1p0}"
LTICM = "{http://www.imsglobal.org/xsd/imslticm_v1p0}"


@dataclass(frozen=True)
class Link:
    title: str
    description: str
    launch_url: str
    content_item: str


def parse(data: bytes):
    return fromstring(data)  # noqa: S314 - our own export


def links(files: dict[str, bytes]) -> list[Link]:
    """The cartridge's LTI links in the order of its organisation."""
    manifest = parse(files["imsmanifest.xml"])
    hrefs = {r.get("identifier"): r.find(f"{CP}file").get("href")
             for r in manifest.iter(f"{CP}resource")}
    result = []
    for item in manifest.iter(f"{CP}item"):
        ref = item.get("identifierref")
        if ref is None:
            continue
        link = parse(files[hrefs[ref]])
        custom = {p.get("name"): p.text for p in link.iter(f"{LTICM}property")}
        result.append(Link(link.findtext(f"{BLTI}title"), link.findtext(f"{BLTI}description"),
                           link.findtext(f"{BLTI}launch_url"), custom[CONTENT_ITEM_PARAM]))
    return result


@pytest.fixture(scope="module")
def course():
    return load_package(PACKAGE)


def test_cartridge_manifest_namespaces_and_resources(course):
    files = zip_members(build_cartridge(course, "https://tool.example.nl/"))
    manifest = parse(files["imsmanifest.xml"])
    assert manifest.tag == f"{CP}manifest"
    assert manifest.findtext(f"{CP}metadata/{CP}schema") == "IMS Common Cartridge"
    assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.3.0"
    resources = list(manifest.iter(f"{CP}resource"))
    assert {r.get("type") for r in resources} == {"imsbasiclti_xmlv1p3"}
    assert len(resources) == len(course.modules)
    for resource in resources:
        link = parse(files[resource.find(f"{CP}file").get("href")])
        assert link.tag == f"{LTICC}cartridge_basiclti_link"
        assert link.find(f"{BLTI}vendor") is not None


def test_one_link_per_module_in_course_order(course):
    found = links(zip_members(build_cartridge(course, "https://tool.example.nl/")))
    assert [link.content_item for link in found] == [m.id for m in course.modules]
    assert [link.title for link in found] == [m.title for m in course.modules]
    assert {link.launch_url for link in found} == {"https://tool.example.nl/lti/launch"}
    assert all(link.description for link in found)


def test_a_cartridge_link_launches_its_module_through_the_development_lms(live_server, settings, app):
    course = get_course(settings)
    link = links(zip_members(build_cartridge(course, settings.base_url)))[-1]
    assert link.launch_url == f"{settings.base_url}/lti/launch"
    with app.extensions["db"].session() as session:
        lms_course = course_by_context(session, COURSE_CONTEXT_ID)
        placement = add_placement(session, lms_course, title=link.title, content_item=link.content_item)
        placement.target_link_uri = link.launch_url
        session.commit()
        slug = placement.resource_link_id
    lms = DevLmsClient(settings.devlms_base_url)
    lms.sign_in("devlms-learner-1")
    result = lms.launch(slug)
    assert result.response.status_code == 200
    assert result.url.startswith(f"{settings.base_url}/learn/m/{link.content_item}/"), result.url
