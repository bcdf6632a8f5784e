"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th Edition: one SCO per module."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from lti_tool.blocks.scoring import scored_blocks
from lti_tool.content.model import Module

from .versions import ScormVersion
from .xmltree import element

XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {
    ScormVersion.SCORM_12: {
        "xmlns": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "xmlns:adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "xmlns:xsi": XSI,
        "xsi:schemaLocation": " ".join((
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd",
            "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd")),
    },
    ScormVersion.SCORM_2004: {
        "xmlns": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "xmlns:adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "xmlns:adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "xmlns:adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "xmlns:imsss": "http://www.imsglobal.org/xsd/imsss",
        "xmlns:xsi": XSI,
        "xsi:schemaLocation": " ".join((
            "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd",
            "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd")),
    },
}
ASSETS_ID = "RES-assets"


@dataclass(frozen=True)
class Sco:
    """A module as one SCO: its page and every file only it uses (media)."""

    module: Module
    href: str
    files: Sequence[str]


def build_manifest(identifier: str, title: str, scos: Sequence[Sco], assets: Sequence[str],
                   version: ScormVersion) -> Element:
    root = element(None, "manifest", identifier=identifier,
                   version="1.1" if version is ScormVersion.SCORM_12 else "1")
    root.attrib.update(NAMESPACES[version])
    metadata = element(root, "metadata")
    element(metadata, "schema", "ADL SCORM")
    element(metadata, "schemaversion", version.schema_version)
    organizations = element(root, "organizations", default="ORG")
    organization = element(organizations, "organization", identifier="ORG")
    element(organization, "title", title)
    for sco in scos:
        _item(organization, sco.module, version)
    if version is ScormVersion.SCORM_2004:
        sequencing = element(organization, "imsss:sequencing")
        element(sequencing, "imsss:controlMode", choice="true", flow="true")
    resources = element(root, "resources")
    for sco in scos:
        _resource(resources, sco, version)
    shared = element(resources, "resource", identifier=ASSETS_ID, type="webcontent")
    shared.set(_scorm_type(version), "asset")
    for path in assets:
        element(shared, "file", href=path)
    return root


def item_id(module: Module) -> str:
    return f"ITEM-{module.id}"


def resource_id(module: Module) -> str:
    return f"RES-{module.id}"


def _scorm_type(version: ScormVersion) -> str:
    return "adlcp:scormtype" if version is ScormVersion.SCORM_12 else "adlcp:scormType"


def _item(organization: Element, module: Module, version: ScormVersion) -> None:
    item = element(organization, "item", identifier=item_id(module), identifierref=resource_id(module))
    element(item, "title", module.title)
    scored = bool(scored_blocks(module))
    if version is ScormVersion.SCORM_12:
        if scored:
            element(item, "adlcp:masteryscore", str(module.pass_mark))
        return
    element(item, "adlcp:completionThreshold", completedByMeasure="true", minProgressMeasure="1.0")
    sequencing = element(item, "imsss:sequencing")
    if scored:
        objectives = element(sequencing, "imsss:objectives")
        primary = element(objectives, "imsss:primaryObjective", objectiveID=f"{module.id}-pass-mark",
                          satisfiedByMeasure="true")
        element(primary, "imsss:minNormalizedMeasure", f"{module.pass_mark / 100:.2f}")
    element(sequencing, "imsss:deliveryControls", completionSetByContent="true",
            objectiveSetByContent="true")


def _resource(resources: Element, sco: Sco, version: ScormVersion) -> None:
    resource = element(resources, "resource", identifier=resource_id(sco.module), type="webcontent",
                       href=sco.href)
    resource.set(_scorm_type(version), "sco")
    for path in (sco.href, *sco.files):
        element(resource, "file", href=path)
    element(resource, "dependency", identifierref=ASSETS_ID)
