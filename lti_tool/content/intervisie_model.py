"""The typed intervisie methods: how a group works through one case, step by step.

``intervisie/methods.yaml`` in a package (named by ``intervisie:`` in ``course.yaml``)
holds the methods. A step says who acts (``inbrenger``, ``others`` or ``everyone``) and
what they do (``kind``):

* ``case``: the inbrenger describes the situation (the first step of every method);
* ``write``: each who acts adds one or more short contributions (questions, advice ...);
* ``choose``: the inbrenger picks one contribution of an earlier ``write`` step (``from``).

``minutes`` is the step's time in a live session; ``hours`` its time in an asynchronous one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .model import Slug

Who = Literal["inbrenger", "others", "everyone"]
StepKind = Literal["case", "write", "choose"]
STEPS_MIN, STEPS_MAX = 3, 10


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=80)
    who: Who
    kind: StepKind = "write"
    instruction: str = Field(min_length=1, max_length=600)
    #: The shared screen's hint, e.g. an example question.
    example: str | None = Field(default=None, max_length=200)
    source: Slug | None = Field(default=None, alias="from")
    minutes: int = Field(ge=1, le=60)
    hours: int = Field(ge=1, le=168)

    @property
    def inbrenger_only(self) -> bool:
        return self.who == "inbrenger"


class Method(_Strict):
    id: Slug
    title: str = Field(min_length=1, max_length=80)
    summary: str = Field(min_length=1, max_length=400)
    steps: list[Step] = Field(min_length=STEPS_MIN, max_length=STEPS_MAX)

    @model_validator(mode="after")
    def _steps_fit(self) -> Method:
        ids = [step.id for step in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError(f"method '{self.id}': every step needs its own id")
        first = self.steps[0]
        if first.kind != "case" or first.who != "inbrenger":
            raise ValueError(f"method '{self.id}': the first step must be the inbrenger's case")
        for index, step in enumerate(self.steps):
            if step.kind == "case" and index:
                raise ValueError(f"method '{self.id}': only the first step is the case")
            if step.kind == "choose":
                earlier = {s.id: s for s in self.steps[:index]}
                source = earlier.get(step.source or "")
                if step.who != "inbrenger" or source is None or source.kind != "write":
                    raise ValueError(f"method '{self.id}', step '{step.id}': the inbrenger "
                                     "chooses from an earlier 'write' step named in 'from'")
            elif step.source is not None:
                raise ValueError(f"method '{self.id}', step '{step.id}': only a 'choose' step "
                                 "has 'from'")
        return self

    def step(self, index: int) -> Step | None:
        return self.steps[index] if 0 <= index < len(self.steps) else None

    def step_by_id(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)


class IntervisieMethods(_Strict):
    language: Literal["nl"] = "nl"
    methods: list[Method] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> IntervisieMethods:
        ids = [method.id for method in self.methods]
        if len(set(ids)) != len(ids):
            raise ValueError("every method needs its own id")
        return self

    def get(self, method_id: str) -> Method | None:
        return next((m for m in self.methods if m.id == method_id), None)
