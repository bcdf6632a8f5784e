"""Which LTI roles get staff rights: the one place that decides.

Staff (trainer pages, the group zelfscan, export, the content picker, no scores sent):
  * the context roles Instructor, ContentDeveloper and Administrator, in their full form
    (``.../membership#Instructor``), as a sub-role of one of them
    (``.../membership/Instructor#TeachingAssistant``) or in the short form the LTI 1.3
    spec allows for context roles (``Instructor``);
  * the platform's administrators: ``institution/person#Administrator``,
    ``system/person#Administrator`` and ``system/person#SysAdmin``.

Everything else is a learner, on purpose:
  * ``Mentor`` in every form (Canvas sends it for observers such as parents) and every
    sub-role of Mentor, also ``membership/Mentor#TeachingAssistant``: a sub-role counts
    as its principal role (the part after ``membership/``), never by its own name;
  * institution roles other than Administrator (``institution/person#Instructor``,
    ``#Faculty``, ``#Staff``): they say what someone is at the school, not in this course.
    Canvas sends ``institution/person#Instructor`` for a student who teaches elsewhere;
  * unknown roles, LTI 1.1 URNs and an empty roles claim.
"""

from __future__ import annotations

from collections.abc import Iterable

from .lti.vocabulary import Role

STAFF_CONTEXT_ROLES = frozenset({"Instructor", "ContentDeveloper", "Administrator"})
ADMIN_ROLES = frozenset({Role.INSTITUTION_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR, Role.SYSTEM_SYSADMIN})


def context_role(role: str) -> str | None:
    """The principal context role a role names (``Instructor``, ``Learner``, ...), or ``None``.

    ``.../membership#Instructor`` and the short ``Instructor`` name it directly;
    a sub-role ``.../membership/Instructor#TeachingAssistant`` names its principal.
    """
    if role.startswith(Role.MEMBERSHIP + "#"):
        return role[len(Role.MEMBERSHIP) + 1:] or None
    if role.startswith(Role.MEMBERSHIP + "/"):
        return role[len(Role.MEMBERSHIP) + 1:].split("#", 1)[0] or None
    if role and not any(mark in role for mark in ":/#"):
        return role
    return None


def is_admin_role(role: str) -> bool:
    return role in ADMIN_ROLES


def is_staff_role(role: str) -> bool:
    return context_role(role) in STAFF_CONTEXT_ROLES or is_admin_role(role)


def is_learner_role(role: str) -> bool:
    """A course member who learns (the roster's rows): the context role Learner."""
    return context_role(role) == "Learner"


def has_staff_role(roles: Iterable[str]) -> bool:
    return any(is_staff_role(role) for role in roles if isinstance(role, str))
