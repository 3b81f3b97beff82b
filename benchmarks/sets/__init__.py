"""The question sets the grounded answerer is developed and measured on, and the videos they ask about.

* :mod:`.grounding`: the development suite (plain wordings) and its people/category/motion part;
* :mod:`.wordings`: a second development set, the same forms in many wordings;
* :mod:`.heldout`: the held-out set (other wordings, other videos), never tuned on;
* :mod:`.media`: the pictures and encoded videos they are built from.

Used by ``benchmarks/answer_quality.py`` and by the tests; nothing here imports ``tests``.
"""
