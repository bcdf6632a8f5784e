"""The intervisie methods of the app's course package, reloaded when their files change."""

from __future__ import annotations

from pathlib import Path

from ..content.cache import cached, package_path
from ..content.intervisie_check import load_intervisie
from ..content.intervisie_model import IntervisieMethods, Method
from ..content.required_part import required_part
from ..errors import ProblemError
from ..marker import N_
from ..settings import Settings


def _load(root: Path) -> IntervisieMethods:
    return required_part(load_intervisie(root), N_("Intervisie is niet ingesteld"),
                         N_("Deze cursus heeft geen intervisie-methoden."), "intervisie")


def get_methods(settings: Settings) -> IntervisieMethods:
    return cached(package_path(settings), "intervisie_methods", _load)


def get_method(settings: Settings, method_id: str) -> Method:
    method = get_methods(settings).get(method_id)
    if method is None:
        raise ProblemError(404, N_("Methode niet gevonden"),
                           N_("Deze methode bestaat niet (meer)."), check="intervisie_method")
    return method
