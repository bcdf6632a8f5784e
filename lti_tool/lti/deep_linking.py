"""Deep Linking 2.0: the course designer picks content items; we answer with a signed
LtiDeepLinkingResponse of ``ltiResourceLink`` items, each with a gradebook line item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from ..content_items import TAG, ContentItem
from ..grading.rules import BEST, GRADING_PARAM
from .tool_conf import ToolRegistration
from .vocabulary import CONTENT_ITEM_PARAM, Claim


class ToolDeepLink(DeepLink):
    def get_message_jwt(self, resources: Sequence[DeepLinkResource]) -> dict[str, object]:
        message = super().get_message_jwt(resources)
        # The spec: echo 'data' when the platform sent it; pylti1p3 sends null otherwise.
        if message.get(Claim.DEEP_LINKING_DATA) is None:
            message.pop(Claim.DEEP_LINKING_DATA, None)
        return message


class TextResource(DeepLinkResource):
    """pylti1p3's resource has no 'text'; the spec allows a plain-text description."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._text = text

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        if self._text:
            data["text"] = self._text
        return data


def resource_for(item: ContentItem, launch_url: str, grading: str = BEST) -> DeepLinkResource:
    """An activity with its own column (``resourceId`` = the item), unless nothing is scored
    (Samenleer, the trainer overview: no column); a module placed with ``grading`` 'latest'
    carries it as a custom parameter (best is the default)."""
    custom = {CONTENT_ITEM_PARAM: item.id}
    if item.kind == "module" and grading != BEST:
        custom[GRADING_PARAM] = grading
    resource = (TextResource(item.description).set_type("ltiResourceLink").set_title(item.title)
                .set_url(launch_url).set_custom_params(custom))
    if item.score_maximum is not None:
        resource.set_lineitem(LineItem().set_score_maximum(item.score_maximum)
                              .set_label(item.title).set_resource_id(item.id).set_tag(TAG))
    return resource


def response_jwt(registration: ToolRegistration, deployment_id: str, settings: dict[str, Any],
                 items: list[ContentItem], launch_url: str, grading: str = BEST) -> str:
    deep_link = ToolDeepLink(registration, deployment_id, settings)  # type: ignore[arg-type]
    return deep_link.get_response_jwt([resource_for(item, launch_url, grading) for item in items])
