"""Change control: what a change of the declarations means for the people the policy informs.

``ropa diff OLD [NEW]`` reads two versions of a register (folders, or Git revisions:
:mod:`~ropa.changes.git`, :mod:`~ropa.changes.sides`), compares them entry by entry
(:mod:`~ropa.changes.compare`, renamed ids matched by :mod:`~ropa.changes.renames`, texts
weighed by :mod:`~ropa.changes.meaning`), classifies each change as material, notable or
editorial with the reason it rests on (:mod:`~ropa.changes.materiality`), and says it in a
format (:mod:`~ropa.changes.formats`, in the words of :mod:`~ropa.changes.wording`).
"""
