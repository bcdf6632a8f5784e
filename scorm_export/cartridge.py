"""An IMS Common Cartridge 1.3 *thin* cartridge: one LTI link per module, in course order.

An admin whose LMS already has the tool registered (LTI 1.3) imports the course shell in
one file; each link launches the tool with the custom parameter ``content_item`` set to
the module id, which the tool reads to open that module.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from lti_tool.content.model import Course, Module
from lti_tool.lti.vocabulary import CONTENT_ITEM_PARAM

from .archive import zip_bytes
from .integrity import check_references
from .xmltree import element, serialise

LINK_TYPE = "imsbasiclti_xmlv1p3"
LAUNCH_PATH = "/lti/launch"
MANIFEST_NAMESPACES = {
    "xmlns": "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
    "xmlns:lomimscc": "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:schemaLocation": " ".join((
        "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1 "
        "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest "
        "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd")),
}
LINK_NAMESPACES = {
    "xmlns": "http://www.imsglobal.org/xsd/imslticc_v1p3",
    "xmlns:blti": "http://www.imsglobal.org/xsd/imsbasiclti_v1p0",
    "xmlns:lticm": "http://www.imsglobal.org/xsd/imslticm_v1p0",
    "xmlns:lticp": "http://www.imsglobal.org/xsd/imslticp_v1p0",
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:schemaLocation": " ".join((
        "http://www.imsglobal.org/xsd/imslticc_v1p3 http://www.imsglobal.org/xsd/lti/ltiv1p3/imslticc_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsbasiclti_v1p0 "
        "http://www.imsglobal.org/xsd/lti/ltiv1p0/imsbasiclti_v1p0p1.xsd",
        "http://www.imsglobal.org/xsd/imslticm_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticm_v1p0.xsd",
        "http://www.imsglobal.org/xsd/imslticp_v1p0 http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticp_v1p0.xsd")),
}


def launch_url(tool_url: str) -> str:
    return tool_url.rstrip("/") + LAUNCH_PATH


def link_path(module: Module) -> str:
    return f"lti/{module.id}.xml"


def lti_link(course: Course, module: Module, tool_url: str) -> Element:
    root = element(None, "cartridge_basiclti_link")
    root.attrib.update(LINK_NAMESPACES)
    element(root, "blti:title", module.title)
    element(root, "blti:description", " ".join((module.description or module.title).split()))
    custom = element(root, "blti:custom")
    element(custom, "lticm:property", module.id, name=CONTENT_ITEM_PARAM)
    url = launch_url(tool_url)
    element(root, "blti:launch_url", url)
    if url.startswith("https://"):
        element(root, "blti:secure_launch_url", url)
    vendor = element(root, "blti:vendor")
    element(vendor, "lticp:code", course.id)
    element(vendor, "lticp:name", course.title)
    return root


def cartridge_manifest(course: Course) -> Element:
    root = element(None, "manifest", identifier=f"CC-{course.id}")
    root.attrib.update(MANIFEST_NAMESPACES)
    metadata = element(root, "metadata")
    element(metadata, "schema", "IMS Common Cartridge")
    element(metadata, "schemaversion", "1.3.0")
    general = element(element(metadata, "lomimscc:lom"), "lomimscc:general")
    element(element(general, "lomimscc:title"), "lomimscc:string", course.title, language=course.language)
    if course.description:
        element(element(general, "lomimscc:description"), "lomimscc:string",
                " ".join(course.description.split()), language=course.language)
    organization = element(element(root, "organizations"), "organization", identifier="ORG",
                           structure="rooted-hierarchy")
    top = element(organization, "item", identifier="ROOT")
    resources = element(root, "resources")
    for module in course.modules:
        item = element(top, "item", identifier=f"ITEM-{module.id}", identifierref=f"LTI-{module.id}")
        element(item, "title", module.title)
        resource = element(resources, "resource", identifier=f"LTI-{module.id}", type=LINK_TYPE)
        element(resource, "file", href=link_path(module))
    return root


def build_cartridge(course: Course, tool_url: str) -> bytes:
    """The ``.imscc`` file's bytes for ``course``, linking to the tool at ``tool_url``."""
    files = {link_path(m): serialise(lti_link(course, m, tool_url)) for m in course.modules}
    manifest = cartridge_manifest(course)
    check_references(manifest, files)
    files["imsmanifest.xml"] = serialise(manifest)
    return zip_bytes(files)
