"""The rules of the declaration format: ``registry`` lists them all, in FORMAT.md's order.

``files`` holds the rules the loader and the models apply while reading (they import nothing
else of ropa); the other modules hold the checks, one small function per rule.
"""
