"""Alignment: what in the Monitor may already answer a recommendation.

When a lead agency receives new recommendations it first looks for
recommendations of *other* bodies and cycles, and for actions and indicators,
that may already answer them. :func:`align` ranks them for a text (a
recommendation already in the Monitor, or one pasted in before it is), each
with a score between 0 and 1 and its reasons in plain words: the human-rights
issues, affected groups and agencies they share, and the words and phrases
that matched.

How, so that a lead agency can check it:

1. The text's significant words (no stop words, no UN boilerplate) become
   *concepts*: a stem, widened by the thesaurus (:mod:`.vocabulary`).
2. The full-text index (:mod:`content_models.search`) counts, per concept, how
   many rows have it (capped, so a common word costs no more than a rare one):
   a rare concept weighs more (inverse document frequency).
3. The rows having the rarest concepts are the candidates; the best by
   weight are read with their taxonomy links and scored in Python: the share
   of the text's weight they match, phrases of two words matched in order,
   and shared issues, groups and agencies.

Deterministic (ties go to the lower id), explainable (every point of a score
has a reason), no external service. The caller passes the querysets the
reader may see (the published rows for the public, the editor's scope in the
admin), so drafts reach only those allowed to see them.
"""

from .ranking import Aligned, Alignment, align, align_recommendation

__all__ = ["Aligned", "Alignment", "align", "align_recommendation"]
