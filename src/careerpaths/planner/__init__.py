"""The term planner: OR-Tools CP-SAT behind the framework-free plan model.

:mod:`careerpaths.core.planning` says what a plan problem and a plan are; this package
solves one (:func:`careerpaths.planner.cpsat.solve`, OR-Tools imported when first used) and
offers the two uses: filling a pathway's grid (:func:`fill_pathway`) and a student's plan
(:func:`plan_student`).
"""

from careerpaths.planner.uses import fill_pathway, plan_student, suggest_term

__all__ = ["fill_pathway", "plan_student", "suggest_term"]
