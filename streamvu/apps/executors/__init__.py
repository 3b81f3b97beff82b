"""Where a batch job's units run: threads in this process (``local``) or actors on a Ray cluster (``ray``).

:mod:`.base` defines units, results and the executor protocol; :mod:`.options` turns the command-line
choice into an executor; :mod:`.outputs` writes results atomically to a folder or a ``pyarrow.fs`` URI.
"""
