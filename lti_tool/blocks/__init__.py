"""Block types, one module each: what a type is, in one place.

Each kind (``text``, ``figure``, ``video``, ``audio``, ``quiz``, ``reflection``, ``case``,
``escape_room``, ``accordion``, ``flip_cards``, ``process_steps``) says how it reads a learner's answer
(a parsed form, no request), what
it shows the learner (its ``BlockState``), what a static SCORM page needs (its data and
pre-rendered views), its label, its xAPI activity type and its points. ``KINDS`` is the
registry every caller asks; nothing here touches Flask or the database, so the SCORM
exporter can use it on its own.

A new block type is: its pydantic model (``content/model.py``, in the ``Block`` union),
its module here (registered in ``registry.py``), its template
(``templates/blocks/<type>.html``), its SCORM runtime file
(``scorm_export/runtime/blocks/<type>.js``) and its tests.
"""

from .kind import Answered, BlockKind, BlockState, Chose, Entry, Form, Outcome
from .registry import KINDS, Registry, UnknownBlockTypeError

__all__ = ["KINDS", "Answered", "BlockKind", "BlockState", "Chose", "Entry", "Form", "Outcome",
           "Registry", "UnknownBlockTypeError"]
