"""The leerlijn as content: ``leerlijn.yaml`` in the course package names what "afgerond"
means, the praktijkopdrachten (one YAML file each) and the trainer material (one YAML file
per module and a Markdown trainer track). Modules are named by id; an unknown id is a
content error, not a silent gap. Reloaded with the package (one cache).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..content.cache import cached, get_course, package_path
from ..errors import ProblemError
from ..marker import N_
from ..settings import Settings

LEERLIJN_FILE = "leerlijn.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ZelfscanRule(_Frozen):
    framework: str
    times: int = Field(default=2, ge=1, le=10)


class Completion(_Frozen):
    modules: list[str] = Field(default_factory=list)
    zelfscan: ZelfscanRule | None = None
    assignments_with_feedback: int = Field(default=0, ge=0, le=50)
    sessions_attended: int = Field(default=0, ge=0, le=50)


class Question(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    text: str = Field(min_length=3, max_length=300)


class Assignment(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9-]{1,80}$")
    module: str
    title: str = Field(min_length=3, max_length=200)
    what_to_do: str
    look_at: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1, max_length=6)


class TimingRow(_Frozen):
    minutes: int = Field(ge=1, le=480)
    part: str
    form: str


class SessionPlan(_Frozen):
    module: str
    goal: str
    minutes: int = Field(ge=1, le=480)
    timing: list[TimingRow]
    working_forms: list[str] = Field(default_factory=list)
    case: str
    questions: list[str] = Field(default_factory=list)


class TrainerFiles(_Frozen):
    track: str | None = None
    modules: list[str] = Field(default_factory=list)


class LeerlijnFile(_Frozen):
    title: str
    completion: Completion
    assignments: list[str] = Field(default_factory=list)
    trainer: TrainerFiles = Field(default_factory=TrainerFiles)


class Leerlijn(_Frozen):
    title: str
    completion: Completion
    assignments: list[Assignment]
    plans: list[SessionPlan]
    trainer_track: str

    def assignment(self, assignment_id: str) -> Assignment | None:
        return next((a for a in self.assignments if a.id == assignment_id), None)

    def assignments_for(self, module_id: str) -> list[Assignment]:
        return [a for a in self.assignments if a.module == module_id]

    def plan(self, module_id: str) -> SessionPlan | None:
        return next((p for p in self.plans if p.module == module_id), None)


class LeerlijnContentError(ValueError):
    """The package's leerlijn files are broken (named file, what is wrong)."""


def _read(root: Path, name: str) -> object:
    path = (root / name).resolve()
    if root.resolve() not in path.parents:
        raise LeerlijnContentError(f"{name}: outside the package")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LeerlijnContentError(f"{name}: {exc}") from exc


def load_leerlijn(root: Path, module_ids: set[str]) -> Leerlijn | None:
    """The leerlijn of the package at ``root``; ``None`` when it has no ``leerlijn.yaml``."""
    if not (root / LEERLIJN_FILE).is_file():
        return None
    try:
        spec = LeerlijnFile.model_validate(_read(root, LEERLIJN_FILE))
        assignments = [Assignment.model_validate(_read(root, name)) for name in spec.assignments]
        plans = [SessionPlan.model_validate(_read(root, name)) for name in spec.trainer.modules]
    except ValidationError as exc:
        raise LeerlijnContentError(str(exc)) from exc
    track = ""
    if spec.trainer.track:
        path = (root / spec.trainer.track).resolve()
        if root.resolve() not in path.parents or not path.is_file():
            raise LeerlijnContentError(f"{spec.trainer.track}: not found")
        track = path.read_text(encoding="utf-8")
    named = set(spec.completion.modules) | {a.module for a in assignments} | {p.module for p in plans}
    unknown = sorted(named - module_ids)
    if unknown:
        raise LeerlijnContentError(f"{LEERLIJN_FILE}: unknown modules {', '.join(unknown)}")
    ids = [a.id for a in assignments]
    if len(ids) != len(set(ids)):
        raise LeerlijnContentError(f"{LEERLIJN_FILE}: an assignment id is used twice")
    return Leerlijn(title=spec.title, completion=spec.completion, assignments=assignments,
                    plans=plans, trainer_track=track)


def find_leerlijn(settings: Settings) -> Leerlijn | None:
    """The course's leerlijn (``None``: the course has none). Kept in the package cache."""
    course = get_course(settings)
    return cached(package_path(settings), "leerlijn",
                  lambda root: load_leerlijn(root, {m.id for m in course.modules}))


def get_leerlijn(settings: Settings) -> Leerlijn:
    found = find_leerlijn(settings)
    if found is None:
        raise ProblemError(404, N_("Deze cursus heeft geen leerlijn"),
                           N_("Er zijn geen bijeenkomsten of praktijkopdrachten ingesteld."),
                           check="leerlijn")
    return found
