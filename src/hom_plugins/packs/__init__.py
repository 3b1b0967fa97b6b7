"""Builtin domain packs: the partnership's own rules (``partnership``) and the packs of the
partnerships in the source documents (``camden``, ``harmony``, ``manchester``)."""
