"""The timestamp of a gradebook score: a whole second of its own per learner and column.

Moodle compares score timestamps in whole seconds and refuses (409) a score that is not
newer than the grade it holds, so of two scores queued within one second the later would
be lost. A score its caller does not time claims its second from the learner's row for the
column in ``score_seconds`` (now, or one after the last second claimed), in the transaction
that queues it. The ``UPDATE`` (the first time: the ``INSERT``) holds that row until the
transaction ends, so a parallel score for the same learner and column waits and takes the
next second: the seconds follow the order in which the scores commit. The module player
keeps its own second on the progress row it locks (:mod:`lti_tool.learning.progress`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, update
from sqlalchemy.orm import Session

from ..db import upsert_insert
from ..models import ScoreSecond


def unix_second(moment: datetime) -> int:
    return int(moment.timestamp())


def in_second(second: int, moment: datetime) -> datetime:
    """``moment`` when it falls in ``second``, else the start of ``second``."""
    if second == unix_second(moment):
        return moment
    return datetime.fromtimestamp(second, UTC)


_TABLE = cast(Table, ScoreSecond.__table__)
_KEY: dict[str, Any] = {"registration_id": bindparam("p_registration"),
                        "learner_id": bindparam("p_learner"), "column_key": bindparam("p_column")}
_CLAIM = (update(_TABLE)
          .where(*(_TABLE.c[name] == value for name, value in _KEY.items()))
          .values(second=case((_TABLE.c.second < bindparam("p_second"), bindparam("p_second")),
                              else_=_TABLE.c.second + 1))
          .returning(_TABLE.c.second))
_FIRST: dict[str, Any] = {}


def _first(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect not in _FIRST:
        _FIRST[dialect] = (upsert_insert(session, _TABLE).values(**_KEY, second=bindparam("p_second"))
                           .on_conflict_do_nothing().returning(_TABLE.c.second))
    return _FIRST[dialect]


def claim_time(session: Session, *, registration_id: int, learner_id: int, column: str, now: datetime,
               queued_before: Callable[[], int]) -> datetime:
    """The timestamp of the score queued now for the learner's ``column``: ``now``, or the
    start of the second after the last one claimed when ``now`` is not later.

    One statement once the row exists. The first time, ``queued_before`` gives the second
    after the last score queued before the row existed (0: none), and the row is inserted;
    when a parallel score inserted it first, that one has committed by then and its second
    is claimed after it."""
    now_second = unix_second(now)
    values = {"p_registration": registration_id, "p_learner": learner_id, "p_column": column,
              "p_second": now_second}
    second = session.execute(_CLAIM, values).scalar()
    if second is None:
        first = {**values, "p_second": max(now_second, queued_before())}
        second = session.execute(_first(session), first).scalar()
        if second is None:
            second = session.execute(_CLAIM, values).scalar_one()
    return in_second(second, now)
