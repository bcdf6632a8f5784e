"""The content model (typed), its loader and the checker for ``content_packages/``."""

from .cache import get_course, package_path
from .loader import ContentError, Problem, check_package, load_package, main_check
from .markdown import render_markdown
from .model import (
    AnyBlock,
    AudioBlock,
    Block,
    CaseBlock,
    CaseChoice,
    CaseStep,
    Completion,
    Course,
    EscapeRoomBlock,
    Module,
    Puzzle,
    QuizBlock,
    QuizOption,
    QuizQuestion,
    ReflectionBlock,
    TextBlock,
    VideoBlock,
)

__all__ = [
    "AnyBlock", "AudioBlock", "Block", "CaseBlock", "CaseChoice", "CaseStep", "Completion",
    "ContentError", "Course", "EscapeRoomBlock", "Module", "Problem", "Puzzle", "QuizBlock",
    "QuizOption", "QuizQuestion", "ReflectionBlock", "TextBlock", "VideoBlock", "check_package",
    "get_course", "load_package", "main_check", "package_path", "render_markdown",
]
