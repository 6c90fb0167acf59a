"""Registers in and out of other tools' layouts: spreadsheets people already keep (the ICO's
and the CNIL's templates, their own CSV) and Fides manifests.

An importer reads its source into an :class:`~ropa.interop.result.Imported`: the declarations
as plain data, in the format's sections, and every cell it could not map, or mapped by a guess,
with where it was. ``ropa import`` writes that as a register folder and its report.
"""
