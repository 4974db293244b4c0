"""Checks shared by several stage folders, kept below them so that no stage folder imports
another: the harm detector (red-team generation and its archive), evidence matching (grounded
validation, Evol-Instruct's stop words), arithmetic traces (answer checks, preference pairs,
measure's scoring), distinct-n, the judge engine and its rubric (judge stage, preference pairs,
judge-eval), and sandboxed execution of code against its tests (the ``validate.execute`` stage,
``generate.code``'s repair rounds)."""
